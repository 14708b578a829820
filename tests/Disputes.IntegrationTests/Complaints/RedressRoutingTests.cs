using System.Text.Json.Nodes;
using Disputes.Application.Complaints;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// Audit findings 3 and 7 (ACM) over HTTP on PostgreSQL: the person who reported a counterfeit that was left up gets
/// at least six months to appeal and the certified out-of-court bodies; a consumer whose seller is affiliated with no
/// ADR body is pointed to the consumer authority's list, not only to the courts.
/// </summary>
public sealed class RedressRoutingTests : ComplaintScenario
{
    [Test]
    public async Task A_counterfeit_report_left_up_gives_the_reporter_six_months_and_the_certified_bodies()
    {
        var id = Id(await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake."));
        await AdvanceAsync(TimeSpan.FromDays(4));
        var view = await CaseAsync("comp-lena", id);
        await OkAsync(await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.Review)!, $"/api/complaints/{id}/escalation", new { note = "Counterfeit: expert needed." }));
        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);
        await OkAsync(await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.Expert)!, $"/api/complaints/{id}/decision",
            Decision([new { kind = "no-action" }], ["BP-1.1"]), view["version"]!.GetValue<long>()));
        await Flow.DispatchAsync();

        view = await CaseAsync("buyer-chloe", id);
        var decision = view["decisions"]!.AsArray().Single()!;
        var decidedAt = DateTimeOffset.Parse(decision["decidedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var until = DateTimeOffset.Parse(decision["appealableUntil"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(until, Is.GreaterThanOrEqualTo(decidedAt.AddMonths(6)), "DSA Art. 20: at least six months for the notifier");

        var toReporter = (await MailAsync(id)).Single(m => m.To == "buyer-chloe" && m.Template == "decision");
        Assert.That(toReporter.Body, Does.Contain(until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(toReporter.Body, Does.Contain("Appeals Centre Europe").And.Contain("User Rights GmbH"), "DSA Art. 21: the certified out-of-court bodies");
        Assert.That(toReporter.Body, Does.Not.Contain("ec.europa.eu/consumers/odr"));
    }

    [Test]
    public async Task A_consumer_whose_seller_has_no_adr_body_is_pointed_to_the_acm_list_not_only_to_the_courts()
    {
        // seller-artshop is a business affiliated with no consumer-ADR body.
        var id = Id(await FileAsync("buyer-joao", "ORD-1023", ["ORD-1023-2"], "damaged", "The frame arrived cracked."));
        await OkAsync(await PostAsync("seller-artshop", $"/api/complaints/{id}/settlement/refuse", new { statement = "It left intact." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        await OkAsync(await PostAsync(AssigneeOf(view, ComplaintProcess.Steps.Review)!, $"/api/complaints/{id}/decision",
            Decision([new { kind = "partial-refund", amount = 50.00m, currency = "EUR" }], ["BP-4.1"]), view["version"]!.GetValue<long>()));
        await Flow.DispatchAsync();

        var mail = await MailAsync(id);
        var toBuyer = mail.Single(m => m.To == "buyer-joao" && m.Template == "decision");
        Assert.That(toBuyer.Body, Does.Contain("ACM ConsuWijzer").And.Contain("https://www.consuwijzer.nl").And.Contain("comissões de litígios de consumo reconhecidas"), "in his language (pt)");
        var toSeller = mail.Single(m => m.To == "seller-artshop" && m.Template == "decision");
        Assert.That(toSeller.Body, Does.Not.Contain("consuwijzer"), "a business seller is no consumer");
        Assert.That(toSeller.Body, Does.Contain("CEDR"), "a business seller is offered the P2B mediators");
    }
}
