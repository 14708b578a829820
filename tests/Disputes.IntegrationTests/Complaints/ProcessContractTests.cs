using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// The process contract on PostgreSQL through real HTTP: a complaint's workflow moves only through the case use
/// cases; who keeps a case; who may never get a step; the lead's team view; interventions; clocks.
/// </summary>
[TestFixture]
public class ProcessContractTests : ComplaintScenario
{
    private const string Steps_Review = ComplaintProcess.Steps.Review;

    /// <summary>A not-as-described complaint about ORD-1001 (buyer-emma, seller-vintagehuis) that the seller refuses: it waits in review.</summary>
    private async Task<(Guid Id, string Reviewer)> InReviewAsync(string order = "ORD-1001", string buyer = "buyer-emma", string seller = "seller-vintagehuis", string category = "not-as-described")
    {
        var id = Id(await FileAsync(buyer, order, [order + "-1"], category, "It is not what the listing showed."));
        await OkAsync(await PostAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It was as described." }));
        var reviewer = AssigneeOf(await CaseAsync("comp-lena", id), Steps_Review);
        Assert.That(reviewer, Is.Not.Null, "the review is assigned in the transition that opens it, without a sweep");
        return (id, reviewer!);
    }

    [Test]
    public async Task An_operator_stimulus_to_a_complaint_is_refused_and_nothing_is_paid_mailed_or_changed()
    {
        var (id, _) = await InReviewAsync();
        await DispatchAsync();
        var before = await CaseAsync("comp-lena", id);
        var instanceId = Guid.Parse(before["workflowInstanceId"]!.GetValue<string>());
        var ledger = await LedgerAsync(id);
        var mails = (await MailAsync(id)).Count;

        // The exact request an outside tester sent.
        var forged = new
        {
            input = new JsonObject
            {
                ["outcome"] = "decided",
                ["effects"] = new JsonArray(new JsonObject { ["kind"] = "refund", ["data"] = new JsonObject { ["amount"] = "99999.00", ["currency"] = "EUR", ["to"] = "admin-ops" } }),
            },
        };
        var stimulus = await App.Admin.PostAsJsonAsync($"/api/workflow-instances/{instanceId}/stimuli/review", forged);
        Assert.That(stimulus.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = (await stimulus.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("/api/complaints/"), "the refusal names the case endpoints to use");
        var byCorrelation = await App.Admin.PostAsJsonAsync("/api/stimuli/review", new { correlationId = id.ToString(), forged.input });
        Assert.That(byCorrelation.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var cancel = await App.Admin.PostAsJsonAsync($"/api/workflow-instances/{instanceId}/cancel", new { reason = "testing" });
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var start = await App.Admin.PostAsJsonAsync("/api/workflow-instances", new { definitionId = ComplaintProcess.DefinitionId, input = new { complaintId = id } });
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        await DispatchAsync();
        await DispatchAsync();
        Assert.That(await LedgerAsync(id), Is.EqualTo(ledger), "nothing paid");
        Assert.That((await MailAsync(id)).Count, Is.EqualTo(mails), "nothing mailed");
        var after = await CaseAsync("comp-lena", id);
        Assert.That(after["version"]!.GetValue<long>(), Is.EqualTo(before["version"]!.GetValue<long>()), "the case did not change");
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("Open"));
        Assert.That(Steps(after), Is.EquivalentTo(new[] { Steps_Review }));
    }

    [Test]
    public async Task A_reviewer_who_asks_for_information_keeps_the_case_and_decides_after_the_answer()
    {
        var (id, reviewer) = await InReviewAsync();
        var review = await CaseAsync(reviewer, id);
        var due = DateTimeOffset.Parse(review["openTasks"]![0]!["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(due, Is.EqualTo(App.Clock.GetUtcNow().AddDays(7)), "without configuration the review takes the definition's default, P7D");

        await OkAsync(await PostAsync(reviewer, $"/api/complaints/{id}/information-requests", new { partyId = "buyer-emma", question = "Please send photos." }));
        var waiting = await App.ClientAs(reviewer).GetAsync($"/api/complaints/{id}");
        Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the reviewer still reads the case while the party answers");

        // Someone else's load must not pull the case away: give every other reviewer nothing and the asker two more.
        await InReviewAsync("ORD-1004", "buyer-lucia");
        await OkAsync(await PostAsync("buyer-emma", $"/api/complaints/{id}/information-requests/answer", new { text = "Photos attached in my next message." }));
        var view = await CaseAsync(reviewer, id);
        Assert.That(AssigneeOf(view, Steps_Review), Is.EqualTo(reviewer), "the answer returns the case to the reviewer who asked");
        var mine = await App.ClientAs(reviewer).GetFromJsonAsync<JsonObject>("/api/review-queue?kind=Mine");
        Assert.That(mine!["items"]!.AsArray().Select(t => t!["complaintId"]!.GetValue<string>()), Does.Contain(id.ToString()));
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.CaseId == id && a.Action == "task.assigned").Select(a => a.Data).ToListAsync());
        Assert.That(audit.Any(d => d.Contains("kept by the reviewer who asked for information", StringComparison.Ordinal)), Is.True, "the audit trail says why");

        await OkAsync(await PostAsync(reviewer, $"/api/complaints/{id}/decision",
            Decision([new { kind = "partial-refund", amount = 20.00m, currency = "EUR" }], ["BP-4.1"]), view["version"]!.GetValue<long>()));
    }

    [Test]
    public async Task Whoever_decided_an_appeal_reads_the_case_afterwards()
    {
        var id = await Flow.CounterfeitRemovedAsync();
        await OkAsync(await PostAsync("seller-pierre", $"/api/complaints/{id}/appeal", new { reason = "The bag is genuine; here is the invoice." }));
        var view = await CaseAsync("comp-lena", id);
        var appealReviewer = AssigneeOf(view, ComplaintProcess.Steps.AppealReview);
        Assert.That(appealReviewer, Is.Not.Null);
        await OkAsync(await PostAsync(appealReviewer!, $"/api/complaints/{id}/appeal/decision",
            new { reverse = false, clauses = new[] { "IP-1.1" }, reasons = "The invoice does not match the serial number." }, view["version"]!.GetValue<long>()));

        var later = await App.ClientAs(appealReviewer!).GetAsync($"/api/complaints/{id}");
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the appeal's decider keeps read access to the closed case");
    }

    [Test]
    public async Task Escalation_never_lands_on_the_escalating_reviewer_when_another_expert_exists()
    {
        var id = Id(await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake."));
        await OkAsync(await PostAsync("seller-pierre", $"/api/complaints/{id}/settlement/refuse", null));
        var view = await CaseAsync("lead-olga", id);
        var review = view["openTasks"]!.AsArray().Single()!["id"]!.GetValue<string>();
        // A reviewer who is also an expert holds the review (a lead gives it to her, with a reason the audit keeps).
        var other = AssigneeOf(view, Steps_Review) == "exp-tom" ? "exp-maria" : "exp-tom";
        await OkAsync(await PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{review}/reassign", new { assigneeId = other, reason = "Counterfeit bags are this expert's field." }));
        Assert.That(AssigneeOf(await CaseAsync("lead-olga", id), Steps_Review), Is.EqualTo(other));
        var blank = await PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{review}/reassign", new { assigneeId = "exp-tom", reason = " " });
        Assert.That(blank.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a reassignment needs a reason");
        var party = await PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{review}/reassign", new { assigneeId = "seller-pierre", reason = "x" });
        Assert.That(party.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "never to someone without the role");

        await OkAsync(await PostAsync(other, $"/api/complaints/{id}/escalation", new { note = "Counterfeit: expert needed." }));
        view = await CaseAsync(other, id);
        var expert = AssigneeOf(view, ComplaintProcess.Steps.Expert);
        Assert.That(expert, Is.Not.Null.And.Not.EqualTo(other), "the expert step goes to another expert");
        var decide = view["allowedActions"]!.AsArray().Single(a => a!["action"]!.GetValue<string>() == "Decide")!;
        Assert.That(decide["allowed"]!.GetValue<bool>(), Is.False);
        var reassigned = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.CaseId == id && a.Action == "task.reassigned").Select(a => new { a.Actor, a.Data }).ToListAsync());
        Assert.That(reassigned.Select(a => a.Actor), Is.EqualTo(new[] { "lead-olga" }), "the reassignment is audited with its actor");
        Assert.That(reassigned[0].Data, Does.Contain(other));
    }

    [Test]
    public async Task Four_eyes_is_never_assigned_to_the_decider_or_to_someone_with_a_conflict()
    {
        await OkAsync(await PostAsync("exp-tom", "/api/conflicts", new { accountId = "seller-pierre", reason = "I know the seller personally." }));
        var id = Id(await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake."));
        await OkAsync(await PostAsync("seller-pierre", $"/api/complaints/{id}/settlement/refuse", null));
        var view = await CaseAsync("comp-lena", id);
        await OkAsync(await PostAsync(AssigneeOf(view, Steps_Review)!, $"/api/complaints/{id}/escalation", new { note = "Counterfeit." }));
        view = await CaseAsync("comp-lena", id);
        var decider = AssigneeOf(view, ComplaintProcess.Steps.Expert)!;
        Assert.That(decider, Is.Not.EqualTo("exp-tom"), "a declared conflict keeps the expert step away too");
        await OkAsync(await PostAsync(decider, $"/api/complaints/{id}/decision",
            Decision([new { kind = "account-suspension", accountId = "seller-pierre", permanent = true }], ["IP-1.1"]), view["version"]!.GetValue<long>()));

        view = await CaseAsync("comp-lena", id);
        var second = AssigneeOf(view, ComplaintProcess.Steps.FourEyes);
        Assert.That(second, Is.Not.Null.And.Not.EqualTo(decider).And.Not.EqualTo("exp-tom"));
        var deciderView = await CaseAsync(decider, id);
        var approve = deciderView["allowedActions"]!.AsArray().Single(a => a!["action"]!.GetValue<string>() == "Approve")!;
        Assert.That(approve["allowed"]!.GetValue<bool>(), Is.False);
        var own = await PostAsync(decider, $"/api/complaints/{id}/approval", null, deciderView["version"]!.GetValue<long>());
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the page and the endpoint agree");
    }

    [Test]
    public async Task A_lead_sees_every_open_task_with_who_holds_it_and_since_when()
    {
        var (first, firstReviewer) = await InReviewAsync();
        var (second, _) = await InReviewAsync("ORD-1004", "buyer-lucia");

        var all = (await App.ClientAs("lead-olga").GetFromJsonAsync<JsonObject>("/api/team-view"))!;
        Assert.That(all["total"]!.GetValue<int>(), Is.EqualTo(2));
        var rows = all["items"]!.AsArray();
        Assert.That(rows.Select(r => r!["complaintId"]!.GetValue<string>()), Is.EquivalentTo(new[] { first.ToString(), second.ToString() }));
        Assert.That(rows.All(r => r!["holder"] is not null && r["heldSince"] is not null && r["number"] is not null), Is.True);

        var one = (await App.ClientAs("lead-olga").GetFromJsonAsync<JsonObject>($"/api/team-view?holder={firstReviewer}"))!;
        Assert.That(one["items"]!.AsArray().All(r => r!["holder"]!.GetValue<string>() == firstReviewer), Is.True);
        var bad = await App.ClientAs("lead-olga").GetAsync("/api/team-view?step=nonsense");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var reviewer = await App.ClientAs("rev-sam").GetAsync("/api/team-view");
        Assert.That(reviewer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task An_operator_cancels_a_case_with_a_reason_both_parties_are_told_and_the_audit_trail_records_it()
    {
        var (id, _) = await InReviewAsync("ORD-1016", "buyer-jonas");
        var noReason = await App.Admin.PostAsJsonAsync($"/api/complaints/{id}/cancel", new { reason = "" });
        Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var reviewerTry = await PostAsync("rev-sam", $"/api/complaints/{id}/cancel", new { reason = "no" });
        Assert.That(reviewerTry.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var cancelled = await App.Admin.PostAsJsonAsync($"/api/complaints/{id}/cancel", new { reason = "Filed by mistake; the buyer asked us to withdraw it." });
        await OkAsync(cancelled);
        await DispatchAsync();
        var view = await CaseAsync("comp-lena", id);
        Assert.That(view["status"]!.GetValue<string>(), Is.EqualTo("Closed"));
        Assert.That(Steps(view), Is.Empty);
        var notices = (await MailAsync(id)).Where(m => m.Template == CancelCaseHandler.NoticeTemplate).ToList();
        Assert.That(notices.Select(m => (m.To, m.Language)), Is.EquivalentTo(new[] { ("buyer-jonas", "de"), ("seller-vintagehuis", "nl") }));
        Assert.That(notices.All(m => m.Body.Contains("Filed by mistake", StringComparison.Ordinal)), Is.True);
        var actions = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.CaseId == id).Select(a => new { a.Action, a.Actor }).ToListAsync());
        Assert.That(actions.Any(a => a.Action == "case.cancelled" && a.Actor == "admin-ops"), Is.True);
        var again = await App.Admin.PostAsJsonAsync($"/api/complaints/{id}/cancel", new { reason = "again" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Deadline_warnings_go_to_the_task_holder_in_their_language_with_a_link_not_to_the_whole_role()
    {
        var (id, reviewer) = await InReviewAsync("ORD-1009", "buyer-marco");
        await AdvanceAsync(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await DispatchAsync();
        var warnings = await App.WithDbAsync(db => db.Mailbox.AsNoTracking().Where(m => m.Template == "task-deadline-warning").ToListAsync());
        Assert.That(warnings.Select(m => m.RecipientId), Is.EqualTo(new[] { reviewer }), "only the holder");
        var language = App.Services.GetRequiredService<Disputes.Application.Security.IUserDirectory>().Find(reviewer)!.Language;
        Assert.That(warnings[0].Language, Is.EqualTo(language));
        Assert.That(warnings[0].Body, Does.Contain($"/review/cases/{id}"));
        Assert.That(warnings[0].ComplaintId, Is.EqualTo(id));

        await AdvanceAsync(TimeSpan.FromDays(2));
        await DispatchAsync();
        var breached = await App.WithDbAsync(db => db.Mailbox.AsNoTracking().Where(m => m.Template == "task-deadline-breached").Select(m => m.RecipientId).ToListAsync());
        Assert.That(breached, Is.EqualTo(new[] { reviewer }), "the breach notice goes to who held the task");
        var view = await CaseAsync("comp-lena", id);
        Assert.That(AssigneeOf(view, ComplaintProcess.Steps.LeadReview), Is.EqualTo("lead-olga"));
        var assigned = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.CaseId == id && a.Action == "task.assigned").Select(a => a.Data).ToListAsync());
        Assert.That(assigned.Where(d => d.Contains(ComplaintProcess.Steps.LeadReview, StringComparison.Ordinal)).Single(), Does.Not.Contain("background pass"),
            "the lead task a timer opens is assigned in that timer's own transition");
    }
}

/// <summary>Clocks: the definition's defaults apply; configuration overrides only the keys it sets.</summary>
[TestFixture]
public class ConfiguredClockTests
{
    [Test]
    public async Task Configuration_overrides_only_the_clocks_it_sets()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database, settings: new() { ["Complaints:Clocks:review"] = "P10D" });
        var flow = new CaseFlowDriver(app);
        var id = await flow.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "damaged", "Broken.");
        var filed = await flow.CaseAsync(id);
        var direct = DateTimeOffset.Parse(filed["openTasks"]![0]!["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        // 2026-11-23 is a Monday: three business days later (the definition's default, not configured here).
        Assert.That(direct, Is.EqualTo(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)));
        await CaseFlowDriver.OkAsync(await flow.PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", null));
        var review = await flow.CaseAsync(id);
        var due = DateTimeOffset.Parse(review["openTasks"]![0]!["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(due, Is.EqualTo(app.Clock.GetUtcNow().AddDays(10)), "the configured key");
    }
}
