using Disputes.Workflows.Activities;

namespace Disputes.Workflows.Definitions;

/// <summary>A structural check of a definition file against <c>workflows/schema/workflow.schema.json</c>.</summary>
public interface IDefinitionSchemaCheck
{
    IEnumerable<DefinitionProblem> Check(string json, string source);
}

/// <summary>
/// Loads every <c>*.json</c> definition in a folder (the <c>schema</c> folder excepted), checks each against the
/// schema and for meaning, and either returns them all or throws one <see cref="WorkflowDefinitionException"/>
/// naming every file, JSON path and problem.
/// </summary>
public sealed class DefinitionLoader(ActivityRegistry registry, IDefinitionSchemaCheck? schema = null)
{
    public WorkflowDefinitionCatalog LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new WorkflowDefinitionException([new DefinitionProblem(directory, "$", "the workflow definition folder does not exist")]);
        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar)[0].Equals("schema", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Load(files.Select(f => (Path.GetRelativePath(directory, f), File.ReadAllText(f))));
    }

    public WorkflowDefinitionCatalog Load(IEnumerable<(string Source, string Json)> files)
    {
        var problems = new List<DefinitionProblem>();
        var definitions = new List<WorkflowDefinition>();
        foreach (var (source, json) in files)
        {
            var definition = Check(json, source, problems);
            if (definition is not null) definitions.Add(definition);
        }
        if (problems.Count > 0) throw new WorkflowDefinitionException(problems);
        return new WorkflowDefinitionCatalog(definitions);
    }

    /// <summary>Checks one file; returns the definition when it has no problems.</summary>
    public WorkflowDefinition? Check(string json, string source, List<DefinitionProblem> problems)
    {
        var before = problems.Count;
        if (schema is not null) problems.AddRange(schema.Check(json, source));
        var definition = DefinitionParser.Parse(json, source, problems);
        if (definition is not null) problems.AddRange(new DefinitionValidator(registry).Validate(definition));
        return problems.Count > before ? null : definition;
    }
}
