using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// Audit findings 1, 2 and 4 over HTTP on PostgreSQL: an appeal's revision is carried out as the exact difference
/// (new terms of a measure, items reinstated one by one, refunds paid only as the difference within the bound) and
/// what the parties are told is what the ledger did; a measure ending in the past is refused.
/// </summary>
public sealed class OutcomeRevisionTests : ComplaintScenario
{
    private async Task<Guid> DecideAsync(string buyer, string order, string[] items, object[] outcomes, string[] clauses, bool expert)
    {
        var id = Id(await FileAsync(buyer, order, items, "not-as-described", "Described as silver; it is plated brass."));
        var seller = (await CaseAsync(buyer, id))["sellerId"]!.GetValue<string>();
        await OkAsync(await PostAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "The listing says 'silver colour'." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        var decider = AssigneeOf(view, ComplaintProcess.Steps.Review)!;
        if (expert)
        {
            await OkAsync(await PostAsync(decider, $"/api/complaints/{id}/escalation", new { note = "Needs an expert." }));
            await App.SendAsync(new AssignOpenTasks());
            view = await CaseAsync("comp-lena", id);
            decider = AssigneeOf(view, ComplaintProcess.Steps.Expert)!;
        }
        await OkAsync(await PostAsync(decider, $"/api/complaints/{id}/decision", Decision(outcomes, clauses), view["version"]!.GetValue<long>()));
        await Flow.DispatchAsync();
        return id;
    }

    private async Task<HttpResponseMessage> ReviseAsync(Guid id, string appellant, object[] revised, string[] clauses)
    {
        var view = await CaseAsync("comp-lena", id);
        if (view["status"]!.GetValue<string>() == "Decided")
        {
            await OkAsync(await PostAsync(appellant, $"/api/complaints/{id}/appeal", new { reason = "I disagree with the decision." }));
            await App.SendAsync(new AssignOpenTasks());
            view = await CaseAsync("comp-lena", id);
        }
        return await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.AppealReview)!, $"/api/complaints/{id}/appeal/decision",
            new { reverse = true, revisedOutcomes = revised, clauses, reasons = "Revised on appeal." }, view["version"]!.GetValue<long>());
    }

    private static string Payload(string payload, string field) => JsonNode.Parse(payload)![field]!.GetValue<string>();

    [Test]
    public async Task A_restriction_shortened_on_appeal_is_updated_at_the_marketplace_and_the_seller_is_told_the_new_end()
    {
        var id = await DecideAsync("buyer-joao", "ORD-1022", ["ORD-1022-1"],
            [new { kind = "account-restriction", accountId = "seller-vintagehuis", until = "2027-02-01T00:00:00Z" }], ["AI-1.1"], expert: true);

        await OkAsync(await ReviseAsync(id, "seller-vintagehuis", [new { kind = "account-restriction", accountId = "seller-vintagehuis", until = "2027-01-01T00:00:00Z" }], ["AI-1.1"]));
        await Flow.DispatchAsync();

        var ledger = await LedgerAsync(id);
        var update = ledger.Single(e => e.Kind == "update-account-measure");
        Assert.That((Payload(update.Payload, "accountId"), Payload(update.Payload, "measure"), DateTimeOffset.Parse(Payload(update.Payload, "until"), System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(("seller-vintagehuis", "restriction", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        Assert.That(ledger.Count(e => e.Kind == "restrict-account"), Is.EqualTo(1), "imposed once, then updated");
        var toSeller = (await MailAsync(id)).Single(m => m.To == "seller-vintagehuis" && m.Template == "appeal-decision");
        Assert.That(toSeller.Body, Does.Contain("2027-01-01").And.Contain("2027-02-01"), "the new end, and the one it replaces");
        var toBuyer = (await MailAsync(id)).Single(m => m.To == "buyer-joao" && m.Template == "appeal-decision");
        Assert.That(toBuyer.Body, Does.Not.Contain("2027-01-01"), "a measure on the seller's account is told to the seller only");

        var statements = (await App.ClientAs("seller-vintagehuis").GetFromJsonAsync<JsonArray>($"/api/complaints/{id}/statements?language=en"))!;
        var followUp = statements.Single(st => st!["change"]?.GetValue<string>() == "changed")!;
        foreach (var st in statements) TestContext.Out.WriteLine(st!["statement"]!["text"]!.GetValue<string>());
        Assert.That(followUp["revises"]!.GetValue<string>(), Is.EqualTo(statements.Single(st => st!["revises"] is null)!["puid"]!.GetValue<string>()));
        Assert.That(followUp["statement"]!["text"]!.GetValue<string>(), Does.Contain("Duration: until 2027-01-01.").And.Contain("before: Restriction of the account until 2027-02-01"),
            "the seller's statement follows the ledger's new end");
    }

    [Test]
    public async Task An_appeal_that_keeps_one_of_two_removed_items_reinstates_the_other()
    {
        var id = await DecideAsync("buyer-daan", "ORD-1015", ["ORD-1015-1", "ORD-1015-2"],
            [new { kind = "item-removal", itemIds = new[] { "ORD-1015-1", "ORD-1015-2" } }], ["SO-1.1"], expert: false);

        await OkAsync(await ReviseAsync(id, "seller-anna", [new { kind = "item-removal", itemIds = new[] { "ORD-1015-1" } }], ["SO-1.1"]));
        await Flow.DispatchAsync();

        var ledger = await LedgerAsync(id);
        Assert.That(ledger.Where(e => e.Kind == "remove-listing").Select(e => Payload(e.Payload, "itemId")), Is.EquivalentTo(new[] { "ORD-1015-1", "ORD-1015-2" }));
        Assert.That(ledger.Where(e => e.Kind == "reinstate-listing").Select(e => Payload(e.Payload, "itemId")), Is.EqualTo(new[] { "ORD-1015-2" }));
    }

    [Test]
    public async Task A_revised_refund_beyond_what_was_paid_gets_422_with_the_bound_and_a_revision_pays_only_the_difference()
    {
        // ORD-1015: 160 + 75 + 140 + 20 shipping = 395.00 EUR paid; the decision refunds 80.00.
        var id = await DecideAsync("buyer-daan", "ORD-1015", ["ORD-1015-1"], [new { kind = "partial-refund", amount = 80.00m, currency = "EUR" }], ["BP-5.1"], expert: false);

        var beyond = await ReviseAsync(id, "buyer-daan", [new { kind = "partial-refund", amount = 400.00m, currency = "EUR" }], ["BP-5.1"]);
        Assert.That(beyond.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = (await beyond.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(problem["errors"]!["outcomes[0].amount"]![0]!.GetValue<string>(),
            Is.EqualTo("At most 395.00 EUR in total can be refunded: 80.00 EUR already refunded, so at most 315.00 EUR more."));
        var clawBack = await ReviseAsync(id, "buyer-daan", [new { kind = "no-action" }], ["BP-1.1"]);
        Assert.That(clawBack.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a refund paid is not clawed back");

        await OkAsync(await ReviseAsync(id, "buyer-daan", [new { kind = "partial-refund", amount = 150.00m, currency = "EUR" }], ["BP-5.1"]));
        await Flow.DispatchAsync();

        var refunds = (await LedgerAsync(id)).Where(e => e.Kind == "refund").Select(e => Payload(e.Payload, "amount")).ToList();
        Assert.That(refunds, Is.EquivalentTo(new[] { "80.00", "70.00" }), "the ledger pays 150.00 in all, as decided");
        var view = await CaseAsync("buyer-daan", id);
        Assert.That(view["refundedSoFar"]!.GetValue<decimal>(), Is.EqualTo(150.00m));
        var toBuyer = (await MailAsync(id)).Single(m => m.To == "buyer-daan" && m.Template == "appeal-decision");
        Assert.That(toBuyer.Body, Does.Contain("Er is een extra terugbetaling van 70.00 EUR gedaan; in totaal is 150.00 EUR terugbetaald."), "told in Dutch what the ledger did");
    }

    [Test]
    public async Task A_restriction_ending_before_now_is_refused_naming_the_field()
    {
        var id = Id(await FileAsync("buyer-joao", "ORD-1022", ["ORD-1022-1"], "not-as-described", "Plated brass."));
        await OkAsync(await PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "No." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        await OkAsync(await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.Review)!, $"/api/complaints/{id}/escalation", new { note = "Needs an expert." }));
        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);

        var past = await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.Expert)!, $"/api/complaints/{id}/decision",
            Decision([new { kind = "account-restriction", accountId = "seller-vintagehuis", until = "2026-11-01T00:00:00Z" }], ["AI-1.1"]), view["version"]!.GetValue<long>());

        Assert.That(past.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = (await past.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "outcomes[0].until" }));
        Assert.That(problem["errors"]!["outcomes[0].until"]![0]!.GetValue<string>(), Does.Contain("2026-11-01").And.Contain("has passed"));
    }

    [Test]
    public async Task Filing_holds_the_amount_once_the_outcome_applies_and_releases_it_and_the_ledger_adds_up()
    {
        // ORD-1015 paid 395.00 EUR. A repeat filing attaches to the open case: no second hold.
        var id = Id(await FileAsync("buyer-daan", "ORD-1015", ["ORD-1015-1"], "not-as-described", "Plated brass."));
        await FileAsync("buyer-daan", "ORD-1015", ["ORD-1015-1"], "not-as-described", "Still plated brass!");
        await Flow.DispatchAsync();
        var held = (await LedgerAsync(id)).Where(e => e.Kind == "hold-funds").ToList();
        Assert.That(held.Select(e => (Payload(e.Payload, "amount"), Payload(e.Payload, "accountId"), e.Deliveries)), Is.EqualTo(new[] { ("395.00", "seller-anna", 1) }));

        await OkAsync(await PostAsync("seller-anna", $"/api/complaints/{id}/settlement/refuse", new { statement = "No." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        await OkAsync(await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.Review)!, $"/api/complaints/{id}/decision",
            Decision([new { kind = "partial-refund", amount = 80.00m, currency = "EUR" }], ["BP-5.1"]), view["version"]!.GetValue<long>()));
        await Flow.DispatchAsync();
        await OkAsync(await ReviseAsync(id, "buyer-daan", [new { kind = "partial-refund", amount = 150.00m, currency = "EUR" }], ["BP-5.1"]));
        await Flow.DispatchAsync();

        var ledger = await LedgerAsync(id);
        decimal Sum(string kind, string field) => ledger.Where(e => e.Kind == kind).Sum(e => decimal.Parse(Payload(e.Payload, field), System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(ledger.Select(e => e.Kind), Is.EquivalentTo(new[] { "hold-funds", "refund", "release-hold", "refund" }), "one hold, applied and released at the decision; the revision pays the rest");
        Assert.That(Sum("refund", "fromHold") + Sum("release-hold", "amount"), Is.EqualTo(Sum("hold-funds", "amount")), "every held euro is applied or released, once");
        Assert.That((Sum("refund", "amount"), Sum("refund", "fromHold")), Is.EqualTo((150.00m, 80.00m)), "the revision's 70.00 is paid directly: nothing is held after the outcome");
        Assert.That(ledger.All(e => e.Deliveries == 1));
    }

    [Test]
    public async Task A_case_cancelled_before_its_outcome_releases_the_whole_hold()
    {
        var id = Id(await FileAsync("buyer-daan", "ORD-1015", ["ORD-1015-1"], "not-as-described", "Plated brass."));
        await OkAsync(await PostAsync("admin-ops", $"/api/complaints/{id}/cancel", new { reason = "Filed by mistake; the buyer asked us to close it." }));
        await Flow.DispatchAsync();

        var ledger = await LedgerAsync(id);
        Assert.That(ledger.Select(e => (e.Kind, Payload(e.Payload, "amount"))), Is.EquivalentTo(new[] { ("hold-funds", "395.00"), ("release-hold", "395.00") }));
    }
}
