using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Disputes.Application.Complaints;
using Disputes.Web;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.IntegrationTests;

/// <summary>
/// What the process is lives in one place: the contract (<see cref="ComplaintProcess"/>) and a few constant sets.
/// Start-up refuses a definition the code cannot run, and no other source file spells a step id, an outcome, a
/// journal event or a role.
/// </summary>
[TestFixture]
public class ProcessContractSourceTests
{
    private static string V1 => File.ReadAllText(Path.Combine(Repo.Workflows, "complaint-resolution.v1.json"));

    private static string Version2(Func<string, string> change) => change(V1.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal));

    private static async Task<Exception?> StartWithAsync(string workflows)
    {
        var app = DisputesApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:DefinitionsPath"] = workflows, ["Reference:Path"] = Repo.Reference, ["Database:MigrateOnStartup"] = "false", ["Demo:Seed"] = "false",
            ["Hangfire:ServerEnabled"] = "false", ["Logging:LogLevel:Default"] = "None",
            ["ConnectionStrings:Disputes"] = $"Data Source={Path.Combine(Path.GetTempPath(), "disputes-contract-" + Guid.NewGuid().ToString("N") + ".db")}",
        }));
        try
        {
            await DisputesApp.PrepareAsync(app);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Test]
    public async Task A_version_that_renames_a_step_of_the_contract_stops_start_up_naming_the_file_and_the_step()
    {
        var renamed = Version2(v => v.Replace("\"review\"", "\"first-review\"", StringComparison.Ordinal));
        var error = await StartWithAsync(Repo.WorkflowsWith(("complaint-resolution.v2.json", renamed)));
        Assert.That(error, Is.InstanceOf<WorkflowDefinitionException>(), error?.ToString());
        Assert.That(error!.Message, Does.Contain("complaint-resolution.v2.json").And.Contain("step 'review' is missing"));
        Assert.That(error.Message, Does.Not.Contain("complaint-resolution.v1.json"), "only the faulty version is named");
    }

    [Test]
    public async Task A_version_without_an_outcome_the_code_completes_a_step_with_stops_start_up()
    {
        var noEscalation = Version2(v => v.Replace("\"escalated\": \"expert\", \"info-requested\"", "\"info-requested\"", StringComparison.Ordinal));
        var error = await StartWithAsync(Repo.WorkflowsWith(("complaint-resolution.v2.json", noEscalation)));
        Assert.That(error, Is.InstanceOf<WorkflowDefinitionException>());
        Assert.That(error!.Message, Does.Contain("complaint-resolution.v2.json").And.Contain("step 'review' has no outcome 'escalated'"));
    }

    [Test]
    public async Task A_version_that_renames_a_step_the_contract_does_not_name_starts()
    {
        var v2 = Version2(v => v.Replace("notify-review-started", "notify-review-opened", StringComparison.Ordinal));
        Assert.That(await StartWithAsync(Repo.WorkflowsWith(("complaint-resolution.v2.json", v2))), Is.Null);
    }

    [Test]
    public void Every_step_of_the_contract_is_a_human_task_of_the_definition_with_its_role()
    {
        var definition = JsonNode.Parse(V1)!["activities"]!.AsArray().ToDictionary(a => a!["id"]!.GetValue<string>(), a => a!.AsObject());
        foreach (var step in ComplaintProcess.All)
        {
            Assert.That(definition, Does.ContainKey(step.Id));
            Assert.That(definition[step.Id]["role"]!.GetValue<string>(), Is.EqualTo(step.Role), step.Id);
        }
    }

    /// <summary>
    /// Scans src/ for the definition's activity ids and outcomes, the runtime's journal event names and the role
    /// names as string literals. Only the contract and the constant sets may spell them.
    /// </summary>
    [Test]
    public void No_step_id_outcome_journal_event_or_role_is_spelled_outside_the_contract_and_the_constant_sets()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Repo.Workflows, "complaint-resolution.v*.json"))
        {
            foreach (var activity in JsonNode.Parse(File.ReadAllText(file))!["activities"]!.AsArray())
            {
                var id = activity!["id"]!.GetValue<string>();
                if (activity["type"]!.GetValue<string>() == "humanTask") names.Add(id);
                foreach (var outcome in (activity["outcomes"] as JsonObject ?? []).Select(o => o.Key)) names.Add(outcome);
            }
        }
        names.UnionWith(typeof(JournalEvents).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));
        names.UnionWith(Disputes.Application.Security.Roles.All);
        names.Add(ComplaintProcess.PartyRole);
        // Words that are also ordinary property names or values elsewhere (a JSON field "expert", a status "Closed") are
        // checked in the places they mean a step: the scan looks for them as whole string literals only.
        var allowedFiles = new[]
        {
            "src/Disputes.Application/Complaints/ComplaintProcess.cs",
            "src/Disputes.Workflows/Runtime/JournalEvents.cs",
            "src/Disputes.Application/Security/Roles.cs",
        };
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/Migrations/", StringComparison.Ordinal)) continue;
            if (allowedFiles.Contains(relative)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                // Comments, and the declarations of a constant set (a vocabulary of its own, e.g. statement statuses).
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) || Regex.IsMatch(line, @"^\s*(public |internal |private )?const string \w+ = ""[^""]*"";")) continue;
                foreach (Match m in Regex.Matches(line, "\"([a-zA-Z][a-zA-Z-]*)\""))
                {
                    if (names.Contains(m.Groups[1].Value)) offences.Add($"{relative}:{i + 1}: \"{m.Groups[1].Value}\"");
                }
            }
        }
        Assert.That(offences, Is.Empty, "use ComplaintProcess, JournalEvents or Roles instead:\n" + string.Join("\n", offences));
    }
}
