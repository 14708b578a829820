using Disputes.Application.Workflows;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Tests;

public class DefinitionValidationTests
{
    private const string Valid = """
        { "id": "x", "version": 1, "activities": [
          { "id": "start", "type": "start", "next": "wait" },
          { "id": "wait", "type": "timer", "duration": "P1D", "next": "done" },
          { "id": "done", "type": "end" } ] }
        """;

    [Test]
    public void A_valid_definition_has_no_problems() => Assert.That(Defs.Problems(Valid), Is.Empty);

    [TestCase("""{ "id": "start", "type": "start", "next": "a" }, { "id": "a", "type": "teleport", "next": "done" }, { "id": "done", "type": "end" }""",
        "$.activities[1].type", "unknown activity type 'teleport'")]
    [TestCase("""{ "id": "start", "type": "start", "next": "nowhere" }, { "id": "done", "type": "end" }""",
        "$.activities[0].next", "transition to missing activity 'nowhere'")]
    [TestCase("""{ "id": "start", "type": "start", "next": "done" }, { "id": "island", "type": "timer", "duration": "P1D", "next": "done" }, { "id": "done", "type": "end" }""",
        "$.activities[1]", "'island' is unreachable")]
    [TestCase("""{ "id": "start", "type": "start", "next": "a" }, { "id": "a", "type": "signal", "signal": "s", "next": "b" }, { "id": "b", "type": "signal", "signal": "t", "next": "a" }, { "id": "done", "type": "end" }""",
        "$.activities[1]", "'a' has no way to finish")]
    [TestCase("""{ "id": "start", "type": "start", "next": "a" }, { "id": "a", "type": "timer", "duration": "3 days", "next": "done" }, { "id": "done", "type": "end" }""",
        "$.activities[1].duration", "not a valid ISO 8601 duration")]
    [TestCase("""{ "id": "start", "type": "start", "next": "a" }, { "id": "a", "type": "timer", "duration": "PT5H", "businessDays": true, "next": "done" }, { "id": "done", "type": "end" }""",
        "$.activities[1].duration", "business-day durations may only contain days")]
    [TestCase("""{ "id": "start", "type": "start", "next": "done" }, { "id": "done", "type": "end" }, { "id": "done", "type": "end" }""",
        "$.activities[2].id", "duplicate activity id 'done'")]
    [TestCase("""{ "id": "start", "type": "start", "next": "t" }, { "id": "t", "type": "humanTask", "role": "Reviewer", "outcomes": { "ok": "done" }, "deadline": { "after": "P1D", "outcome": "late" } }, { "id": "done", "type": "end" }""",
        "$.activities[1].deadline.outcome", "must be one of the task's outcomes")]
    [TestCase("""{ "id": "start", "type": "start", "next": "d" }, { "id": "d", "type": "decision", "branches": [ { "when": { "path": "$.v", "bigger": 1 }, "next": "done" } ], "otherwise": "done" }, { "id": "done", "type": "end" }""",
        "$.activities[1].branches[0].when", "exactly one of")]
    public void A_broken_definition_is_reported_with_its_path(string activities, string path, string message)
    {
        var problems = Defs.Problems($$"""{ "id": "x", "version": 1, "activities": [ {{activities}} ] }""");
        Assert.That(problems.Select(p => p.ToString()), Has.Some.Contains($"broken.json: {path}: ").And.Some.Contains(message),
            () => "Problems were:\n" + string.Join("\n", problems));
        Assert.That(problems.Any(p => p.JsonPath == path && p.Message.Contains(message, StringComparison.Ordinal)), Is.True,
            () => "Problems were:\n" + string.Join("\n", problems));
    }

    [Test]
    public void Schema_problems_name_the_file_and_the_json_path()
    {
        var schema = JsonSchemaDefinitionCheck.FromFile(Path.Combine(Repo.Workflows, "schema", "workflow.schema.json"));
        var json = """{ "id": "x", "version": 0, "activities": [ { "id": "start", "type": "start", "next": "done" }, { "type": "end" } ] }""";
        var problems = schema.Check(json, "file.json").ToList();
        Assert.That(problems.Select(p => p.ToString()), Has.Some.StartsWith("file.json: $.version:"));
        Assert.That(problems.Select(p => p.ToString()), Has.Some.StartsWith("file.json: $.activities[1]").Or.Some.Contains("'id'"));
    }

    [Test]
    public void Loading_a_folder_with_an_invalid_file_throws_one_error_listing_every_problem()
    {
        var dir = Directory.CreateTempSubdirectory("defs");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "good.json"), Valid);
            File.WriteAllText(Path.Combine(dir.FullName, "bad.json"), """{ "id": "y", "version": 1, "activities": [ { "id": "start", "type": "start", "next": "gone" }, { "id": "done", "type": "end" } ] }""");
            var ex = Assert.Throws<WorkflowDefinitionException>(() => new DefinitionLoader(new ActivityRegistry()).LoadDirectory(dir.FullName));
            Assert.That(ex!.Message, Does.Contain("bad.json: $.activities[0].next: transition to missing activity 'gone'"));
            Assert.That(ex.Message, Does.Not.Contain("good.json"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Test]
    public void The_same_id_and_version_in_two_files_is_refused()
    {
        var ex = Assert.Throws<WorkflowDefinitionException>(() => new DefinitionLoader(new ActivityRegistry()).Load([("a.json", Valid), ("b.json", Valid)]));
        Assert.That(ex!.Message, Does.Contain("'x' version 1 is also defined in a.json"));
    }

    [Test]
    public void Malformed_json_is_reported_with_its_line()
    {
        var problems = Defs.Problems("{ \"id\": \"x\",\n \"version\": 1,\n \"activities\": [ }");
        Assert.That(problems.Single().ToString(), Does.StartWith("broken.json: $ (line 3): not valid JSON"));
    }
}
