using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Definitions;

/// <summary>Every loaded definition, by id and version. New instances start on the latest version.</summary>
public sealed class WorkflowDefinitionCatalog
{
    private readonly Dictionary<(string, int), WorkflowDefinition> byKey;

    public WorkflowDefinitionCatalog(IEnumerable<WorkflowDefinition> definitions)
    {
        byKey = [];
        foreach (var d in definitions)
        {
            if (!byKey.TryAdd((d.Id, d.Version), d))
                throw new WorkflowDefinitionException([new DefinitionProblem(d.Source, "$.version",
                    $"'{d.Id}' version {d.Version} is also defined in {byKey[(d.Id, d.Version)].Source}; a new version needs a new version number")]);
        }
    }

    public IReadOnlyList<WorkflowDefinition> All => byKey.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Version).ToList();

    public WorkflowDefinition Get(string id, int version) =>
        byKey.TryGetValue((id, version), out var d) ? d : throw new DefinitionNotFoundException($"Workflow definition '{id}' version {version} does not exist.");

    public WorkflowDefinition Latest(string id) =>
        byKey.Values.Where(d => d.Id == id).MaxBy(d => d.Version)
        ?? throw new DefinitionNotFoundException($"Workflow definition '{id}' does not exist.");
}

/// <summary>
/// A check an application makes of the loaded catalog before anything uses it (for example, that every version of
/// a definition has the steps its code relies on). Problems stop start-up like an invalid file does.
/// </summary>
public interface ICatalogCheck
{
    IEnumerable<DefinitionProblem> Check(WorkflowDefinitionCatalog catalog);
}
