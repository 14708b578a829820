using System.Text.Json.Nodes;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Tests;

internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Disputes.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root (Disputes.sln) not found.");
        }
    }

    public static string Workflows => Path.Combine(Root, "workflows");
}

internal static class Defs
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Parses and validates a definition written inline; fails the test with the problems if invalid.</summary>
    public static WorkflowDefinition Load(string json, ActivityRegistry? registry = null)
    {
        var problems = new List<DefinitionProblem>();
        var d = new DefinitionLoader(registry ?? new ActivityRegistry()).Check(json, "inline.json", problems);
        Assert.That(problems, Is.Empty, () => string.Join("\n", problems));
        return d!;
    }

    public static List<DefinitionProblem> Problems(string json, ActivityRegistry? registry = null)
    {
        var problems = new List<DefinitionProblem>();
        new DefinitionLoader(registry ?? new ActivityRegistry()).Check(json, "broken.json", problems);
        return problems;
    }

    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
