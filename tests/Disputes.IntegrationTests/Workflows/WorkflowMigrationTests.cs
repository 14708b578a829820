using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Disputes.Persistence;
using Disputes.Web.Endpoints;
using Disputes.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Disputes.IntegrationTests.Workflows;

/// <summary>
/// Moving running cases to a new version of the complaint process, on PostgreSQL, over real HTTP and the real command.
/// Cases are filed while only v1 is deployed; the service then restarts with v1 and a v2 (this folder's
/// <c>complaint-resolution.v2.json</c>: a notification step renamed, one added, the <c>settled</c> join gone).
/// </summary>
public class WorkflowMigrationTests
{
    private const string Definition = ComplaintProcess.DefinitionId;

    private static string V2 => File.ReadAllText(Path.Combine(Repo.Root, "tests", "Disputes.IntegrationTests", "Workflows", "complaint-resolution.v2.json"));

    private static readonly string[] Rename = ["--map", "notify-review-started=notify-review-opened"];

    private sealed record Snapshot(Guid Id, int DefinitionVersion, long Version, string Status);

    private static Task<Snapshot> InstanceOfAsync(TestApp app, Guid caseId) =>
        app.WithDbAsync(db => db.Instances.AsNoTracking().Where(i => i.CorrelationId == caseId.ToString())
            .Select(i => new Snapshot(i.Id, i.DefinitionVersion, i.Version, i.Status)).SingleAsync());

    private static async Task<(int Exit, string[] Lines)> CommandAsync(TestApp app, params string[] args)
    {
        using var output = new StringWriter();
        var exit = await MigrationEndpoints.RunCommandAsync(app.Services, ["workflows", "migrate", .. args], output);
        TestContext.Out.WriteLine($"workflows migrate {string.Join(' ', args)} -> exit {exit}\n{output}");
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Test, CancelAfter(300_000)]
    public async Task A_case_in_review_moves_to_v2_continues_there_and_closes_while_a_case_that_cannot_move_stays_on_v1_untouched()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

        // With v1 only: one case goes to review (the seller refuses to settle), one waits in direct resolution.
        Guid inReview, inDirect;
        await using (var v1Only = await TestApp.StartAsync(database, clock))
        {
            var flow = new CaseFlowDriver(v1Only);
            inReview = await flow.FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "The lamp arrived broken.");
            await CaseFlowDriver.OkAsync(await flow.PostAsync("seller-vintagehuis", $"/api/complaints/{inReview}/settlement/refuse", new { statement = "It left here intact." }));
            await v1Only.SendAsync(new AssignOpenTasks());
            inDirect = await flow.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received", "The parcel never arrived.");
            await flow.DispatchAsync();
        }

        await using var app = await TestApp.StartAsync(database, clock,
            settings: new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("complaint-resolution.v2.json", V2)) });
        var cases = new CaseFlowDriver(app);
        var reviewView = await cases.CaseAsync(inReview);
        var reviewer = CaseFlowDriver.AssigneeOf(reviewView, ComplaintProcess.Steps.Review);
        Assert.That(reviewer, Is.Not.Null, "the case is in review, held by a reviewer");
        Assert.That(reviewView["workflowDefinitionVersion"]!.GetValue<int>(), Is.EqualTo(1));
        var number = reviewView["number"]!.GetValue<string>();
        var directNumber = (await cases.CaseAsync(inDirect))["number"]!.GetValue<string>();
        var reviewBefore = await InstanceOfAsync(app, inReview);
        var directBefore = await InstanceOfAsync(app, inDirect);

        // Dry run (the command): one line per open instance, nothing changes.
        var (exit, lines) = await CommandAsync(app, ["--definition", Definition, "--from", "1", "--to", "2", .. Rename]);
        Assert.That(exit, Is.EqualTo(0), string.Join("\n", lines));
        Assert.That(lines[0], Does.Contain("1 can move, 1 cannot of 2 open instance(s)"));
        Assert.That(lines.Single(l => l.StartsWith(reviewBefore.Id.ToString(), StringComparison.Ordinal)), Does.Contain(number).And.EndWith("can move"));
        Assert.That(lines.Single(l => l.StartsWith(directBefore.Id.ToString(), StringComparison.Ordinal)),
            Does.Contain(directNumber).And.Contain("cannot move").And.Contain("'settled'"));
        Assert.That(await InstanceOfAsync(app, inReview), Is.EqualTo(reviewBefore), "a dry run changes nothing");
        Assert.That(await InstanceOfAsync(app, inDirect), Is.EqualTo(directBefore));

        // Bad requests are problem details, not errors.
        var unknownVersion = await app.Admin.PostAsJsonAsync("/api/workflow-migrations", new { definitionId = Definition, fromVersion = 1, toVersion = 9 });
        Assert.That(unknownVersion.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await unknownVersion.Content.ReadAsStringAsync());
        var badMapping = await app.Admin.PostAsJsonAsync("/api/workflow-migrations",
            new { definitionId = Definition, fromVersion = 1, toVersion = 2, mappings = new Dictionary<string, string> { [ComplaintProcess.Steps.Review] = "no-such-step" }, apply = true });
        Assert.That(badMapping.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await badMapping.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), Does.Contain("'no-such-step'"));
        var asReviewer = await app.ClientAs(reviewer!).PostAsJsonAsync("/api/workflow-migrations", new { definitionId = Definition, fromVersion = 1, toVersion = 2 });
        Assert.That(asReviewer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        // Apply (the API, as an admin): the case in review moves in its own transaction with an audit entry; the other is reported and left as it was.
        var response = await app.Admin.PostAsJsonAsync("/api/workflow-migrations", new
        {
            definitionId = Definition, fromVersion = 1, toVersion = 2,
            mappings = new Dictionary<string, string> { ["notify-review-started"] = "notify-review-opened" }, apply = true,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var report = JsonNode.Parse(body)!.AsObject();
        Assert.That((report["applied"]!.GetValue<bool>(), report["moved"]!.GetValue<int>(), report["refused"]!.GetValue<int>()), Is.EqualTo((true, 1, 1)));
        var refused = report["instances"]!.AsArray().Single(i => i!["caseId"]!.GetValue<Guid>() == inDirect)!;
        Assert.That(refused["moved"]!.GetValue<bool>(), Is.False);
        Assert.That(refused["problems"]!.AsArray().Select(p => p!["kind"]!.GetValue<string>()), Has.Some.EqualTo("Stranded"));

        var reviewAfter = await InstanceOfAsync(app, inReview);
        Assert.That((reviewAfter.DefinitionVersion, reviewAfter.Version), Is.EqualTo((2, reviewBefore.Version + 1)));
        Assert.That(await InstanceOfAsync(app, inDirect), Is.EqualTo(directBefore), "the case that cannot move is untouched");
        var admin = app.Services.GetRequiredService<Disputes.Application.Security.IUserDirectory>().InRole(Disputes.Application.Security.Roles.Admin)[0].Id;
        var journal = await app.WithDbAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == reviewAfter.Id && j.Event == JournalEvents.InstanceMigrated).ToListAsync());
        Assert.That(journal.Select(j => (j.Actor, j.Detail)), Is.EqualTo(new[] { (admin, (string?)"complaint-resolution v1 -> v2") }));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == ApplyWorkflowMigrationHandler.AuditAction).ToListAsync());
        Assert.That(audit.Select(a => (a.CaseId, a.Actor, a.Role)), Is.EqualTo(new[] { ((Guid?)inReview, admin, "admin") }), "one audit entry, for the case that moved");
        Assert.That(JsonNode.Parse(audit[0].Data)!["toVersion"]!.GetValue<int>(), Is.EqualTo(2));

        // The command with --apply now finds only the case that cannot move, and says so with exit code 1.
        (exit, lines) = await CommandAsync(app, ["--definition", Definition, "--from", "1", "--to", "2", .. Rename, "--apply"]);
        Assert.That(exit, Is.EqualTo(1), string.Join("\n", lines));
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Does.StartWith(directBefore.Id.ToString()).And.Contain("cannot move"));

        // The moved case continues on v2: the same reviewer decides, v2's new step notifies, and the case closes after the appeal window.
        reviewView = await cases.CaseAsync(inReview);
        Assert.That(reviewView["workflowDefinitionVersion"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(CaseFlowDriver.AssigneeOf(reviewView, ComplaintProcess.Steps.Review), Is.EqualTo(reviewer), "the open task keeps its holder");
        await CaseFlowDriver.OkAsync(await cases.PostAsync(reviewer!, $"/api/complaints/{inReview}/decision", new
        {
            outcomes = new object[] { new { kind = "partial-refund", amount = 100.00m, currency = "EUR" } },
            clauses = new[] { "BP-4.1" }, facts = "Photos show the lamp arrived with a cracked shade.", reasons = "The seller did not pack it adequately.",
        }, reviewView["version"]!.GetValue<long>()));
        await cases.DispatchAsync();
        var reviewInstance = reviewAfter.Id;
        var mail = await app.WithDbAsync(db => db.Mailbox.AsNoTracking().Where(m => m.ComplaintId == inReview).Select(m => m.Template).ToListAsync());
        Assert.That(mail, Does.Contain("outcome-recorded").And.Contain("decision"), "v2's new notification ran, then v1's own");
        var ledger = await app.WithDbAsync(db => db.LocalEffects.AsNoTracking().Where(e => e.InstanceId == reviewInstance).Select(e => e.Kind).ToListAsync());
        Assert.That(ledger, Is.EquivalentTo(new[] { "hold-funds", "refund", "release-hold" }), "carried out once: the hold placed at filing on v1, applied and released by the decision on v2");

        await cases.AdvanceAsync(TimeSpan.FromDays(31));
        await cases.DispatchAsync();
        var closed = await cases.CaseAsync(inReview);
        Assert.That(closed["status"]!.GetValue<string>(), Is.EqualTo("Closed"));
        Assert.That((await InstanceOfAsync(app, inReview)).Status, Is.EqualTo("Finished"));

        // The case left on v1 runs on v1: its direct resolution expired into v1's review notification.
        var direct = await InstanceOfAsync(app, inDirect);
        Assert.That(direct.DefinitionVersion, Is.EqualTo(1));
        var directSteps = await app.WithDbAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == direct.Id && j.Event == JournalEvents.ActivityCompleted).Select(j => j.ActivityId).ToListAsync());
        Assert.That(directSteps, Does.Contain("notify-review-started"));
    }

    [TestCase(Db.PostgreSql)]
    [TestCase(Db.Sqlite)]
    [CancelAfter(120_000)]
    public async Task A_renamed_task_moves_with_its_bookmark_and_deadline_renamed_in_place_and_answers_to_its_new_name(Db provider)
    {
        var v1 = File.ReadAllText(Path.Combine(Repo.Workflows, "samples", "sample-review.v1.json"));
        var v2 = v1.Replace("\"version\": 1", "\"version\": 2").Replace("\"review\"", "\"assess\"");
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database, settings: new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("samples/sample-review.v2.json", v2)) });
        var id = Guid.Parse(((await app.StartInstanceAsync("sample-review", new { orderId = "o-7", amount = 10, currency = "EUR" }, "order-7", version: 1))["instanceId"])!.GetValue<string>());
        var other = Guid.Parse(((await app.StartInstanceAsync("sample-review", null, "order-8", version: 1))["instanceId"])!.GetValue<string>());
        var (bookmark, timer) = await app.WithDbAsync(async db => (
            await db.Bookmarks.AsNoTracking().SingleAsync(b => b.InstanceId == id),
            await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == id)));

        var unmapped = await app.Admin.PostAsJsonAsync("/api/workflow-migrations", new { definitionId = "sample-review", fromVersion = 1, toVersion = 2, instanceIds = new[] { id } });
        var plan = (await unmapped.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(plan["instances"]!.AsArray().Single()!["problems"]!.AsArray().Single()!["kind"]!.GetValue<string>(), Is.EqualTo("ActivityMissing"));

        var response = await app.Admin.PostAsJsonAsync("/api/workflow-migrations", new
        {
            definitionId = "sample-review", fromVersion = 1, toVersion = 2,
            mappings = new Dictionary<string, string> { ["review"] = "assess" }, instanceIds = new[] { id }, apply = true,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(JsonNode.Parse(body)!["instances"]!.AsArray().Select(i => i!["moved"]!.GetValue<bool>()), Is.EqualTo(new[] { true }));

        var (movedBookmark, movedTimer, definitionVersion, otherVersion) = await app.WithDbAsync(async db => (
            await db.Bookmarks.AsNoTracking().SingleAsync(b => b.InstanceId == id),
            await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == id),
            await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.DefinitionVersion).SingleAsync(),
            await db.Instances.AsNoTracking().Where(i => i.Id == other).Select(i => i.DefinitionVersion).SingleAsync()));
        Assert.That(definitionVersion, Is.EqualTo(2));
        Assert.That(otherVersion, Is.EqualTo(1), "an instance not named stays on its version");
        Assert.That((movedBookmark.Id, movedBookmark.Name, movedBookmark.ActivityId, movedBookmark.Role, movedBookmark.DueAt, movedBookmark.ConsumedAt),
            Is.EqualTo((bookmark.Id, "assess", "assess", bookmark.Role, bookmark.DueAt, (DateTimeOffset?)null)), "the same open bookmark, renamed");
        Assert.That((movedTimer.Id, movedTimer.ActivityId, movedTimer.DueAt), Is.EqualTo((timer.Id, "assess", timer.DueAt)), "the same deadline, renamed");

        var old = await app.ResumeAsync(id, "review", new { outcome = "approve" });
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var resumed = await app.ResumeAsync(id, "assess", new { outcome = "approve" });
        Assert.That(resumed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resumed.Content.ReadAsStringAsync());
        var instance = await app.GetInstanceAsync(id);
        Assert.That(instance["instance"]!["status"]!.GetValue<string>(), Is.EqualTo("Finished"));
        Assert.That(instance["journal"]!.AsArray().Select(j => j!["event"]!.GetValue<string>()), Does.Contain(JournalEvents.InstanceMigrated));

        // Named again: reported as no longer on v1, not planned; an id that is no instance of the definition is refused.
        var again = await app.Admin.PostAsJsonAsync("/api/workflow-migrations", new { definitionId = "sample-review", fromVersion = 1, toVersion = 2, instanceIds = new[] { id } });
        var line = (await again.Content.ReadFromJsonAsync<JsonObject>())!["instances"]!.AsArray().Single()!;
        Assert.That(line["problems"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("The instance is on v2, not v1."));
        var unknown = await app.Admin.PostAsJsonAsync("/api/workflow-migrations", new { definitionId = "sample-review", fromVersion = 1, toVersion = 2, instanceIds = new[] { Guid.NewGuid() } });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test, CancelAfter(180_000)]
    public async Task A_move_racing_a_resume_of_the_same_task_leaves_exactly_one_of_them_done()
    {
        var v1 = File.ReadAllText(Path.Combine(Repo.Workflows, "samples", "sample-review.v1.json"));
        var v2 = v1.Replace("\"version\": 1", "\"version\": 2").Replace("\"review\"", "\"assess\"");
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database, settings: new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("samples/sample-review.v2.json", v2)) });
        var mapping = new Dictionary<string, string> { ["review"] = "assess" };

        var outcomes = new List<string>();
        for (var round = 0; round < 12; round++)
        {
            var id = Guid.Parse(((await app.StartInstanceAsync("sample-review", new { orderId = $"o-{round}" }, $"race-{round}", version: 1))["instanceId"])!.GetValue<string>());
            Task<WorkflowMigrationReport> Move() => app.SendAsync(new ApplyWorkflowMigration(new WorkflowMigrationRequest("sample-review", 1, 2, mapping, [id]), "admin-ops"));
            Task<HttpResponseMessage> Resume() => app.ResumeAsync(id, "review", new { outcome = "reject" });
            // Either side starts first in turn; which one commits first is up to the database.
            var (move, resume) = round % 2 == 0 ? (Move(), Resume()) : (Resume(), Move()) switch { var (r, m) => (m, r) };
            await Task.WhenAll(move, resume);

            var moved = (await move).Instances.Single().Moved;
            using var resumed = await resume;
            var (definitionVersion, status, bookmarkName, migratedEntries) = await app.WithDbAsync(async db => (
                await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.DefinitionVersion).SingleAsync(),
                await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.Status).SingleAsync(),
                await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).Select(b => b.Name).SingleAsync(),
                await db.Journal.AsNoTracking().CountAsync(j => j.InstanceId == id && j.Event == JournalEvents.InstanceMigrated)));
            var body = await resumed.Content.ReadAsStringAsync();
            if (moved)
            {
                Assert.That(resumed.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.Conflict), body);
                Assert.That((definitionVersion, status, bookmarkName, migratedEntries), Is.EqualTo((2, "Suspended", "assess", 1)));
                outcomes.Add("moved");
            }
            else
            {
                Assert.That(resumed.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
                Assert.That((definitionVersion, status, bookmarkName, migratedEntries), Is.EqualTo((1, "Finished", "review", 0)));
                outcomes.Add("resumed");
            }
        }
        TestContext.Out.WriteLine("Rounds won by: " + string.Join(", ", outcomes));
    }
}
