using System.Net;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// The case view's <c>allowedActions</c> and the endpoints agree: a case is walked through every step of the
/// contract, and at each one every demo user who can see it tries every action the view refuses them; each attempt
/// must be refused (403 or 409) and change nothing. The actions the walk takes must be listed as allowed first.
/// </summary>
[TestFixture]
public class AllowedActionsAgreementTests : ComplaintScenario
{
    private static readonly string[] People = ["buyer-chloe", "seller-pierre", "rev-sam", "rev-ines", "rev-kofi", "exp-maria", "exp-tom", "lead-olga", "comp-lena"];

    private readonly HashSet<(string Step, string User, CaseAction Action)> refusedChecked = [];

    [Test]
    public async Task Every_action_the_view_refuses_is_refused_by_its_endpoint_at_every_step()
    {
        var id = Id(await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake."));
        await CheckAsync(id);
        await ActAsync(id, "seller-pierre", CaseAction.RefuseSettlement, $"/api/complaints/{id}/settlement/refuse", new { statement = "It is genuine." });
        await CheckAsync(id);
        var reviewer = Holder(await CaseAsync("comp-lena", id), ComplaintProcess.Steps.Review);
        await ActAsync(id, reviewer, CaseAction.RequestInformation, $"/api/complaints/{id}/information-requests", new { partyId = "buyer-chloe", question = "Photos of the serial number, please." });
        await CheckAsync(id);
        await ActAsync(id, "buyer-chloe", CaseAction.AnswerInformationRequest, $"/api/complaints/{id}/information-requests/answer", new { text = "Attached." });
        await CheckAsync(id);
        await ActAsync(id, reviewer, CaseAction.Escalate, $"/api/complaints/{id}/escalation", new { note = "Counterfeit: expert needed." });
        await CheckAsync(id);
        var expert = Holder(await CaseAsync("comp-lena", id), ComplaintProcess.Steps.Expert);
        await ActAsync(id, expert, CaseAction.Decide, $"/api/complaints/{id}/decision",
            Decision([new { kind = "account-suspension", accountId = "seller-pierre", permanent = true }], ["IP-1.1"]), withVersion: true);
        await CheckAsync(id);
        var second = Holder(await CaseAsync("comp-lena", id), ComplaintProcess.Steps.FourEyes);
        await ActAsync(id, second, CaseAction.Approve, $"/api/complaints/{id}/approval", null, withVersion: true);
        await DispatchAsync();
        await CheckAsync(id);
        await ActAsync(id, "seller-pierre", CaseAction.Appeal, $"/api/complaints/{id}/appeal", new { reason = "The bag is genuine." });
        await CheckAsync(id);
        var appealReviewer = Holder(await CaseAsync("comp-lena", id), ComplaintProcess.Steps.AppealReview);
        await ActAsync(id, appealReviewer, CaseAction.DecideAppeal, $"/api/complaints/{id}/appeal/decision",
            new { reverse = false, clauses = new[] { "IP-1.1" }, reasons = "The serial number is not one the maker issued." }, withVersion: true);
        await CheckAsync(id);

        var steps = refusedChecked.Select(r => r.Step).Distinct().ToList();
        Assert.That(steps, Is.SupersetOf(new[] { ComplaintProcess.Steps.DirectResolution, ComplaintProcess.Steps.Review, ComplaintProcess.Steps.AwaitInformation,
            ComplaintProcess.Steps.Expert, ComplaintProcess.Steps.FourEyes, ComplaintProcess.Steps.AppealWindow, ComplaintProcess.Steps.AppealReview }));
        Assert.That(refusedChecked.Select(r => r.Action).Distinct().Count(), Is.GreaterThanOrEqualTo(13), "nearly every action was tried while refused");
    }

    private static string Holder(JsonObject view, string step) => AssigneeOf(view, step) ?? throw new AssertionException($"nobody holds {step}");

    /// <summary>Takes an action the view must list as allowed for <paramref name="user"/>.</summary>
    private async Task ActAsync(Guid id, string user, CaseAction action, string path, object? body, bool withVersion = false)
    {
        var view = await CaseAsync(user, id);
        var allowed = Actions(view).Where(a => a.Allowed).Select(a => a.Action).ToList();
        Assert.That(allowed, Does.Contain(action), $"{user} is about to {action}: the view must allow it");
        await OkAsync(await PostAsync(user, path, body, withVersion ? view["version"]!.GetValue<long>() : null));
    }

    private async Task CheckAsync(Guid id)
    {
        var step = string.Join("+", Steps(await CaseAsync("comp-lena", id)).DefaultIfEmpty("closed"));
        foreach (var user in People)
        {
            var response = await App.ClientAs(user).GetAsync($"/api/complaints/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden));
                continue;
            }
            var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            var version = view["version"]!.GetValue<long>();
            foreach (var (action, allowed, taskId, refusal) in Actions(view))
            {
                if (allowed || Request(id, action, taskId) is not { } request) continue;
                var answer = await PostAsync(user, request.Path, request.Body, version);
                // Claiming a task one holds already is refused by the view (there is nothing to do) and answered as a
                // harmless repeat by the endpoint, so that a retried claim is safe; either way nothing changes.
                int[] expected = refusal == nameof(ActionRefusal.NothingToChange) ? [200, 409] : [403, 409];
                Assert.That((int)answer.StatusCode, Is.AnyOf(expected),
                    $"at {step}, {user} was refused {action} by the view, but the endpoint answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                refusedChecked.Add((step, user, action));
            }
            var after = await CaseAsync("comp-lena", id);
            Assert.That(after["version"]!.GetValue<long>(), Is.EqualTo(version), $"refused attempts by {user} changed nothing");
        }
    }

    private static IEnumerable<(CaseAction Action, bool Allowed, string? TaskId, string? Refusal)> Actions(JsonObject view) =>
        view["allowedActions"]!.AsArray().Select(a => (Enum.Parse<CaseAction>(a!["action"]!.GetValue<string>()), a["allowed"]!.GetValue<bool>(), a["taskId"]?.GetValue<string>(),
            a["refusal"]?.GetValue<string>()));

    /// <summary>The endpoint of each action, with a body that passes input validation (so that only the permission decides).</summary>
    private static (string Path, object? Body)? Request(Guid id, CaseAction action, string? taskId) => action switch
    {
        CaseAction.Claim => ($"/api/complaints/{id}/tasks/{taskId}/claim", null),
        CaseAction.Release => ($"/api/complaints/{id}/tasks/{taskId}/release", null),
        CaseAction.Reassign => ($"/api/complaints/{id}/tasks/{taskId}/reassign", new { assigneeId = "rev-sam", reason = "r" }),
        CaseAction.Decide => ($"/api/complaints/{id}/decision", new { outcomes = new[] { new { kind = "no-action" } }, clauses = new[] { "BP-1.1" }, facts = "f", reasons = "r" }),
        CaseAction.RequestInformation => ($"/api/complaints/{id}/information-requests", new { partyId = "buyer-chloe", question = "q" }),
        CaseAction.Escalate => ($"/api/complaints/{id}/escalation", new { note = "n" }),
        CaseAction.Approve => ($"/api/complaints/{id}/approval", null),
        CaseAction.Reject => ($"/api/complaints/{id}/rejection", new { reason = "r" }),
        CaseAction.OfferSettlement => ($"/api/complaints/{id}/settlement/offer", new { amount = 1.00m, currency = "EUR", note = "n" }),
        CaseAction.RefuseSettlement => ($"/api/complaints/{id}/settlement/refuse", new { statement = "s" }),
        CaseAction.AnswerSettlement => ($"/api/complaints/{id}/settlement/answer", new { accept = false }),
        CaseAction.AnswerInformationRequest => ($"/api/complaints/{id}/information-requests/answer", new { text = "t" }),
        CaseAction.PostMessage => ($"/api/complaints/{id}/messages", new { text = "t" }),
        CaseAction.Appeal => ($"/api/complaints/{id}/appeal", new { reason = "r" }),
        CaseAction.DecideAppeal => ($"/api/complaints/{id}/appeal/decision", new { reverse = false, clauses = new[] { "IP-1.1" }, reasons = "r" }),
        // Evidence is multipart; its permission is the same check as a message's party rule (CaseActions), covered by EvidenceAndTextTests.
        _ => null,
    };
}
