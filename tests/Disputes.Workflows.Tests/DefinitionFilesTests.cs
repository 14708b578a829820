using Disputes.Application.Workflows;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Tests;

/// <summary>Runs the schema and meaning checks over every definition file shipped in <c>workflows/</c>.</summary>
public class DefinitionFilesTests
{
    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Repo.Workflows, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}schema{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repo.Workflows, f));

    [Test]
    public void There_are_definition_files_to_check() => Assert.That(Files().Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(Files))]
    public void Every_shipped_definition_passes_schema_and_meaning_checks(string file)
    {
        var schema = JsonSchemaDefinitionCheck.FromFile(Path.Combine(Repo.Workflows, "schema", "workflow.schema.json"));
        var problems = new List<DefinitionProblem>();
        var definition = new DefinitionLoader(ShippedActivities(), schema).Check(File.ReadAllText(Path.Combine(Repo.Workflows, file)), file, problems);
        Assert.That(problems, Is.Empty, () => string.Join("\n", problems));
        Assert.That(definition, Is.Not.Null);
    }

    [Test]
    public void The_whole_folder_loads_as_one_catalog_with_unique_versions()
    {
        var schema = JsonSchemaDefinitionCheck.FromFile(Path.Combine(Repo.Workflows, "schema", "workflow.schema.json"));
        var catalog = new DefinitionLoader(ShippedActivities(), schema).LoadDirectory(Repo.Workflows);
        Assert.That(catalog.All.Select(d => d.Id), Does.Contain("sample-review"));
    }

    /// <summary>The built-in activities plus those the application registers in code (as the web host does).</summary>
    private static ActivityRegistry ShippedActivities() => new([new Disputes.Application.Complaints.Activities.CarryOutDecisionActivity()]);
}
