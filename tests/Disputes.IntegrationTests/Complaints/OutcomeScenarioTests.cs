using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Effects;
using Disputes.Persistence.Local;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// Every kind of outcome, and combinations, carried out through a marketplace port that fails twice for every
/// effect before it works: each effect still lands in the ledger exactly once. Also four-eyes rejection and the
/// assignment rules, on PostgreSQL through real HTTP with a fake clock.
/// </summary>
[TestFixture]
public class OutcomeScenarioTests : ComplaintScenario
{
    /// <summary>The marketplace port (the local ledger) behind a stand-in that throws on the first two deliveries of each effect.</summary>
    private sealed class FailingTwiceFirst(LocalEffectLedger ledger, ConcurrentDictionary<string, int> attempts) : IEffectHandler
    {
        public IReadOnlyCollection<string> Kinds => ledger.Kinds;

        public Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
        {
            var attempt = attempts.AddOrUpdate(effect.IdempotencyKey, 1, (_, n) => n + 1);
            if (attempt <= 2) throw new HttpRequestException($"Marketplace unavailable (attempt {attempt}).");
            return ledger.ExecuteAsync(effect, cancellationToken);
        }
    }

    private readonly ConcurrentDictionary<string, int> attempts = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        attempts.Clear();
        services.RemoveAll<LocalEffectLedger>();
        var local = services.Single(d => d.ServiceType == typeof(IEffectHandler) && d.ImplementationType == typeof(LocalEffectLedger));
        services.Remove(local);
        services.AddScoped<LocalEffectLedger>();
        services.AddScoped<IEffectHandler>(sp => new FailingTwiceFirst(sp.GetRequiredService<LocalEffectLedger>(), attempts));
    }

    /// <summary>Dispatches the outbox until nothing is left, moving the clock past each retry delay (10 s, 20 s, ...).</summary>
    private async Task DrainOutboxAsync()
    {
        for (var round = 0; round < 8; round++)
        {
            await App.SendAsync(new Disputes.Application.Workflows.DispatchOutbox());
            App.Clock.Advance(TimeSpan.FromSeconds(45));
        }
    }

    private async Task<(Guid Id, string Decider, string? Approver)> DecideAsync(string buyer, string order, string item, string category, object[] outcomes, string[] clauses, bool expert, bool fourEyes)
    {
        var id = Id(await FileAsync(buyer, order, [item], category, "Described as silver; it is plated brass."));
        var seller = (await CaseAsync(buyer, id))["sellerId"]!.GetValue<string>();
        await OkAsync(await PostAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "The listing says 'silver colour'." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        var decider = AssigneeOf(view, "review")!;
        if (expert)
        {
            var refused = await PostAsync(decider, $"/api/complaints/{id}/decision", Decision(outcomes, clauses), view["version"]!.GetValue<long>());
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "these outcomes are for an expert");
            await OkAsync(await PostAsync(decider, $"/api/complaints/{id}/escalation", new { note = "Needs an expert." }));
            await App.SendAsync(new AssignOpenTasks());
            view = await CaseAsync("comp-lena", id);
            decider = AssigneeOf(view, "expert")!;
        }
        await OkAsync(await PostAsync(decider, $"/api/complaints/{id}/decision", Decision(outcomes, clauses), view["version"]!.GetValue<long>()));
        string? approver = null;
        if (fourEyes)
        {
            await App.SendAsync(new AssignOpenTasks());
            view = await CaseAsync("comp-lena", id);
            Assert.That(Steps(view), Is.EquivalentTo(new[] { "four-eyes" }));
            approver = AssigneeOf(view, "four-eyes")!;
            await OkAsync(await PostAsync(approver, $"/api/complaints/{id}/approval", null, view["version"]!.GetValue<long>()));
        }
        return (id, decider, approver);
    }

    public static IEnumerable<TestCaseData> Outcomes()
    {
        yield return new TestCaseData("buyer-lucia", "ORD-1005", "ORD-1005-1", new object[] { new { kind = "full-refund" }, new { kind = "order-cancellation" } }, new[] { "BP-6.1" }, false, false,
            new[] { "hold-funds", "refund", "cancel-order" }).SetName("Full refund with order cancellation");
        yield return new TestCaseData("buyer-daan", "ORD-1015", "ORD-1015-1", new object[] { new { kind = "partial-refund", amount = 45.50m, currency = "EUR" } }, new[] { "BP-5.1" }, false, false,
            new[] { "hold-funds", "refund", "release-hold" }).SetName("Partial refund");
        yield return new TestCaseData("buyer-wei", "ORD-1020", "ORD-1020-2", new object[] { new { kind = "item-removal", itemIds = new[] { "ORD-1020-2" } } }, new[] { "SO-1.1" }, false, false,
            new[] { "hold-funds", "release-hold", "remove-listing" }).SetName("Item removal");
        yield return new TestCaseData("buyer-joao", "ORD-1022", "ORD-1022-1", new object[] { new { kind = "account-restriction", accountId = "seller-vintagehuis", until = "2027-02-01T00:00:00Z" } }, new[] { "AI-1.1" }, true, false,
            new[] { "hold-funds", "release-hold", "restrict-account" }).SetName("Account restriction (expert)");
        yield return new TestCaseData("buyer-joao", "ORD-1024", "ORD-1024-1", new object[] { new { kind = "account-suspension", accountId = "seller-anna", until = "2027-01-15T00:00:00Z" } }, new[] { "AI-1.2" }, true, true,
            new[] { "hold-funds", "release-hold", "suspend-account" }).SetName("Account suspension (expert, four-eyes)");
        yield return new TestCaseData("buyer-daan", "ORD-1032", "ORD-1032-1", new object[] { new { kind = "law-enforcement-referral", referralCategory = "fraud", summary = "Payment taken for an item that never existed." } }, new[] { "LE-1.1" }, true, true,
            new[] { "hold-funds", "release-hold", "refer-to-law-enforcement" }).SetName("Law-enforcement referral (expert, four-eyes)");
        yield return new TestCaseData("buyer-chloe", "ORD-1012", "ORD-1012-1", new object[] { new { kind = "no-action" } }, new[] { "BP-1.1" }, false, false,
            new[] { "hold-funds", "release-hold" }).SetName("No action");
    }

    [TestCaseSource(nameof(Outcomes))]
    public async Task Each_outcome_reaches_the_marketplace_exactly_once_although_the_port_fails_twice_first(
        string buyer, string order, string item, object[] outcomes, string[] clauses, bool expert, bool fourEyes, string[] expectedEffects)
    {
        var (id, decider, approver) = await DecideAsync(buyer, order, item, "not-as-described", outcomes, clauses, expert, fourEyes);
        if (fourEyes) Assert.That(approver, Is.Not.EqualTo(decider));

        await DrainOutboxAsync();

        var ledger = await LedgerAsync(id);
        Assert.That(ledger.Select(e => e.Kind), Is.EquivalentTo(expectedEffects));
        Assert.That(ledger.All(e => e.Deliveries == 1), Is.True, "applied once: the two failures never reached the ledger");
        Assert.That(attempts.Values, Has.Count.EqualTo(expectedEffects.Length).And.All.EqualTo(3), "every marketplace effect failed twice and worked the third time");
        var incidents = await App.WithDbAsync(db => db.Incidents.AsNoTracking().CountAsync());
        Assert.That(incidents, Is.Zero);
        var view = await CaseAsync(buyer, id);
        Assert.That(view["status"]!.GetValue<string>(), Is.EqualTo("Decided"));
        var mail = await MailAsync(id);
        Assert.That(mail.Count(m => m.Template == "decision"), Is.EqualTo(2), "both parties are told once");
    }

    [Test]
    public async Task An_effect_that_keeps_failing_becomes_an_incident_and_a_retry_applies_it_once()
    {
        // Tests allow three attempts per effect. Here the port fails five times: the outbox gives up after three and
        // opens an incident; an operator's retry gets three more attempts, and the third works.
        var id = Id(await FileAsync("buyer-lucia", "ORD-1005", ["ORD-1005-2"], "damaged", "Broken in transit."));
        await OkAsync(await PostAsync("seller-pierre", $"/api/complaints/{id}/settlement/offer", new { amount = 20.00m, currency = "EUR" }));
        await OkAsync(await PostAsync("buyer-lucia", $"/api/complaints/{id}/settlement/answer", new { accept = true }));
        var refundKey = await App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(o => o.Kind == "refund").Select(o => o.IdempotencyKey).SingleAsync());
        attempts[refundKey] = -3; // three extra failures: five in all

        await DrainOutboxAsync();
        var incident = await App.WithDbAsync(db => db.Incidents.AsNoTracking().SingleAsync());
        Assert.That(incident.Message + incident.Details, Does.Contain("Marketplace unavailable"));
        Assert.That((await LedgerAsync(id)).Select(e => e.Kind), Is.EquivalentTo(new[] { "hold-funds", "release-hold" }), "the refund failed; the hold and its release went through");

        var retry = await App.Admin.PostAsync($"/api/incidents/{incident.Id}/retry", null);
        Assert.That(retry.IsSuccessStatusCode, Is.True, await retry.Content.ReadAsStringAsync());
        await DrainOutboxAsync();
        var ledger = await LedgerAsync(id);
        Assert.That(ledger.Select(e => (e.Kind, e.Deliveries)), Is.EquivalentTo(new[] { ("hold-funds", 1), ("release-hold", 1), ("refund", 1) }));
    }

    [Test]
    public async Task A_second_expert_rejects_and_the_case_goes_back_to_the_expert_with_nothing_carried_out()
    {
        var id = Id(await FileAsync("buyer-zofia", "ORD-1036", ["ORD-1036-1"], "fraud", "Paid, and the seller's account went silent."));
        await OkAsync(await PostAsync("seller-pierre", $"/api/complaints/{id}/settlement/refuse", new { statement = "I shipped it." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        Assert.That(Steps(view), Is.EquivalentTo(new[] { "review" }));
        await OkAsync(await PostAsync(AssigneeOf(view, "review")!, $"/api/complaints/{id}/escalation", new { note = "Fraud suspected." }));
        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);
        var expert = AssigneeOf(view, "expert")!;
        var suspension = Decision([new { kind = "account-suspension", accountId = "seller-pierre", permanent = true }], ["FR-1.1"]);
        await OkAsync(await PostAsync(expert, $"/api/complaints/{id}/decision", suspension, view["version"]!.GetValue<long>()));
        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);
        var second = AssigneeOf(view, "four-eyes")!;

        var noReason = await PostAsync(second, $"/api/complaints/{id}/rejection", new { reason = " " }, view["version"]!.GetValue<long>());
        Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        await OkAsync(await PostAsync(second, $"/api/complaints/{id}/rejection", new { reason = "Tracking shows delivery; a permanent suspension is disproportionate." }, view["version"]!.GetValue<long>()));
        await DrainOutboxAsync();

        view = await CaseAsync("buyer-zofia", id);
        Assert.That(Steps(view), Is.EquivalentTo(new[] { "expert" }), "back to the expert");
        Assert.That(view["status"]!.GetValue<string>(), Is.EqualTo("Open"));
        var rejected = view["decisions"]!.AsArray().Single()!;
        Assert.That(rejected["status"]!.GetValue<string>(), Is.EqualTo("Rejected"));
        Assert.That(rejected["approvedBy"]!.GetValue<string>(), Is.EqualTo("role:expert"), "the buyer sees the role of the second expert, not who it was");
        Assert.That(rejected["rejectionReason"]!.GetValue<string>(), Does.Contain("disproportionate"));
        Assert.That((await LedgerAsync(id)).Select(e => e.Kind), Is.EqualTo(new[] { "hold-funds" }), "a rejected decision has no effect: the filing's hold stays");

        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);
        var restriction = Decision([new { kind = "account-restriction", accountId = "seller-pierre", until = "2027-01-23T00:00:00Z" }], ["FR-1.2"]);
        await OkAsync(await PostAsync(AssigneeOf(view, "expert")!, $"/api/complaints/{id}/decision", restriction, view["version"]!.GetValue<long>()));
        await DrainOutboxAsync();
        Assert.That((await LedgerAsync(id)).Select(e => e.Kind), Is.EquivalentTo(new[] { "hold-funds", "release-hold", "restrict-account" }), "a restriction needs no second expert");
    }

    [Test]
    public async Task A_case_is_never_assigned_to_a_party_or_to_a_reviewer_with_a_declared_conflict()
    {
        // rev-kofi reviews cases and also buys on the marketplace; rev-sam declares a conflict with the seller.
        var declared = await PostAsync("rev-sam", "/api/conflicts", new { accountId = "seller-vintagehuis", reason = "My brother-in-law runs this shop." });
        await OkAsync(declared);
        var id = Id(await FileAsync("rev-kofi", "ORD-1028", ["ORD-1028-1"], "not-received", "Never arrived."));
        await OkAsync(await PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "Sent by tracked post." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        var assignee = AssigneeOf(view, "review");
        Assert.That(assignee, Is.Not.Null.And.Not.EqualTo("rev-kofi").And.Not.EqualTo("rev-sam"), "neither the buyer (rev-kofi) nor the conflicted reviewer (rev-sam)");

        var task = view["openTasks"]!.AsArray().Single()!["id"]!.GetValue<string>();
        await OkAsync(await PostAsync(assignee!, $"/api/complaints/{id}/tasks/{task}/release", null));
        var bySam = await PostAsync("rev-sam", $"/api/complaints/{id}/tasks/{task}/claim", null);
        Assert.That(bySam.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await bySam.Content.ReadAsStringAsync(), Does.Contain("conflict"));
        var byKofi = await PostAsync("rev-kofi", $"/api/complaints/{id}/tasks/{task}/claim", null);
        Assert.That(byKofi.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await byKofi.Content.ReadAsStringAsync(), Does.Contain("party"));
        var kofiDecides = await PostAsync("rev-kofi", $"/api/complaints/{id}/decision", Decision([new { kind = "full-refund" }], ["BP-2.1"]), view["version"]!.GetValue<long>());
        Assert.That(kofiDecides.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound), "a party never decides their own case");
        Assert.That(await LedgerAsync(id), Is.Empty);
    }

    [Test]
    public async Task Decisions_are_kept_searchable_beside_the_case_and_backfilled_for_cases_stored_before()
    {
        var (id, decider, _) = await DecideAsync("buyer-wei", "ORD-1020", "ORD-1020-1", "not-as-described",
            [new { kind = "partial-refund", amount = 20.00m, currency = "EUR" }, new { kind = "item-removal", itemIds = new[] { "ORD-1020-1" } }], ["BP-5.1", "SO-1.1"], false, false);
        var row = await App.WithDbAsync(db => db.Decisions.AsNoTracking().SingleAsync(d => d.ComplaintId == id));
        Assert.That(row.OutcomeKinds, Is.EqualTo(",partial-refund,item-removal,"));
        Assert.That(row.Clauses, Is.EqualTo(",BP-5.1,SO-1.1,"));
        Assert.That((row.DecidedBy, row.Status, row.Category, row.Currency), Is.EqualTo((decider, "Effective", "not-as-described", "EUR")));

        await App.WithDbAsync(db => db.Decisions.ExecuteDeleteAsync());
        await Disputes.Persistence.PersistenceRegistration.MigrateAsync(App.Services);

        var backfilled = await App.WithDbAsync(db => db.Decisions.AsNoTracking().SingleAsync(d => d.ComplaintId == id));
        Assert.That((backfilled.OutcomeKinds, backfilled.DecidedBy, backfilled.DecidedAt), Is.EqualTo((row.OutcomeKinds, row.DecidedBy, row.DecidedAt)));
    }
}
