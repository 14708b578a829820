using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Disputes.IntegrationTests.Complaints;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests.Hardening;

/// <summary>Races on PostgreSQL end in 2xx, 409 or 412, never 500; every transition that changes a case changes its ETag.</summary>
[TestFixture]
public class RaceTests : ComplaintScenario
{
    private static readonly object RefundDecision = new
    {
        outcomes = new object[] { new { kind = "partial-refund", amount = 20.00m, currency = "EUR" } },
        clauses = new[] { "BP-4.1" }, facts = "Photos show a cracked shade.", reasons = "Inadequate packing.",
    };

    [Test]
    public async Task Twenty_identical_filings_at_once_open_one_case_and_attach_the_others()
    {
        var body = new { orderId = "ORD-1003", itemIds = new[] { "ORD-1003-1" }, category = "not-received", description = "Where is it?" };
        var client = App.ClientAs("buyer-emma");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/complaints", body)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.That(statuses, Has.All.AnyOf(200, 201), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == 201), Is.EqualTo(1), "one filing opens the case");
        var filed = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonObject>()));
        Assert.That(filed.Select(f => f!["id"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1));
        var view = await CaseAsync("buyer-emma", Id(filed[0]!));
        Assert.That(view["messages"]!.AsArray().Count(m => m!["kind"]!.GetValue<string>() == "RepeatFiling"), Is.EqualTo(19));
        Assert.That(await App.WithDbAsync(db => db.Instances.CountAsync()), Is.EqualTo(1));
    }

    private async Task<(Guid Id, string Reviewer, long Version)> InReviewAsync(string buyer, string seller, string order, string item)
    {
        var id = Id(await FileAsync(buyer, order, [item], "damaged", "It arrived broken."));
        await OkAsync(await PostAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It left here intact." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        return (id, AssigneeOf(view, "review")!, view["version"]!.GetValue<long>());
    }

    [Test]
    public async Task Eight_decisions_with_the_same_etag_give_one_success_and_seven_412()
    {
        var (id, reviewer, version) = await InReviewAsync("buyer-chloe", "seller-vintagehuis", "ORD-1010", "ORD-1010-1");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(reviewer, $"/api/complaints/{id}/decision", RefundDecision, version)));

        var statuses = responses.Select(r => (int)r.StatusCode).OrderBy(s => s).ToList();
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.That(statuses, Is.EqualTo(new[] { 200, 412, 412, 412, 412, 412, 412, 412 }), string.Join("\n", bodies));
        var decisions = await App.WithDbAsync(db => db.Decisions.CountAsync(d => d.ComplaintId == id));
        Assert.That(decisions, Is.EqualTo(1));
    }

    [Test]
    public async Task A_deadline_that_moves_the_case_on_changes_its_etag_so_a_decision_with_the_old_one_gets_412()
    {
        var (id, _, version) = await InReviewAsync("buyer-daan", "seller-artshop", "ORD-1013", "ORD-1013-1");
        await AdvanceAsync(TimeSpan.FromDays(8));
        var view = await CaseAsync("lead-olga", id);
        Assert.That(Steps(view), Is.EquivalentTo(new[] { "lead-review" }), "the review deadline passed: a lead reviews");
        Assert.That(view["version"]!.GetValue<long>(), Is.GreaterThan(version), "the timer's transition changed the ETag");

        var stale = await PostAsync("lead-olga", $"/api/complaints/{id}/decision", RefundDecision, version);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed), await stale.Content.ReadAsStringAsync());
        await OkAsync(await PostAsync("lead-olga", $"/api/complaints/{id}/decision", RefundDecision, view["version"]!.GetValue<long>()));
    }

    [Test]
    public async Task A_decision_racing_the_review_deadline_either_wins_or_gets_412_and_the_audit_trail_says_which()
    {
        var cases = new[]
        {
            await InReviewAsync("buyer-chloe", "seller-vintagehuis", "ORD-1010", "ORD-1010-1"),
            await InReviewAsync("buyer-daan", "seller-artshop", "ORD-1013", "ORD-1013-1"),
            await InReviewAsync("buyer-wei", "seller-vintagehuis", "ORD-1020", "ORD-1020-1"),
            await InReviewAsync("buyer-joao", "seller-vintagehuis", "ORD-1022", "ORD-1022-1"),
        };
        App.Clock.Advance(TimeSpan.FromDays(8));
        var timers = Task.Run(async () =>
        {
            for (var round = 0; round < 10; round++)
                if ((await App.SendAsync(new FireDueTimers())) is { Fired: 0, Skipped: 0 }) break;
        });
        var decisions = await Task.WhenAll(cases.Select(c => PostAsync(c.Reviewer, $"/api/complaints/{c.Id}/decision", RefundDecision, c.Version)));
        await timers;
        await AdvanceAsync(TimeSpan.Zero);

        for (var i = 0; i < cases.Length; i++)
        {
            var (id, _, _) = cases[i];
            var status = (int)decisions[i].StatusCode;
            Assert.That(status, Is.AnyOf(200, 412), await decisions[i].Content.ReadAsStringAsync());
            var actions = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.CaseId == id).OrderBy(a => a.Sequence).Select(a => new { a.Action, a.Data }).ToListAsync());
            var escalated = actions.Any(a => a.Action == "timer.fired" && a.Data.Contains("lead-review", StringComparison.Ordinal));
            var decided = await App.WithDbAsync(db => db.Decisions.AnyAsync(d => d.ComplaintId == id));
            var view = await CaseAsync("comp-lena", id);
            if (status == 200)
            {
                Assert.That((decided, escalated), Is.EqualTo((true, false)), "the decision won: the deadline had nothing left to move");
                Assert.That(Steps(view), Does.Not.Contain("lead-review"));
            }
            else
            {
                Assert.That((decided, escalated), Is.EqualTo((false, true)), "the deadline won: the decision changed nothing");
                Assert.That(Steps(view), Is.EquivalentTo(new[] { "lead-review" }));
            }
        }
    }
}
