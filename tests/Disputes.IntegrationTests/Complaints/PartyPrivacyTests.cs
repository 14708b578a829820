using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// Audit finding 8 over HTTP on PostgreSQL: staff-written text reaches the other party with contact details masked,
/// and the audit trail says what was masked; parties see the role that decided, never a staff member's name.
/// </summary>
public sealed class PartyPrivacyTests : ComplaintScenario
{
    [Test]
    public async Task Contact_details_in_facts_are_masked_for_the_parties_and_the_audit_trail_says_so()
    {
        var id = Id(await FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received", "Never arrived; call me on +44 7700 900123."));
        await OkAsync(await PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "Shipped with tracking." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        var reviewer = AssigneeOf(view, ComplaintProcess.Steps.Review)!;
        await OkAsync(await PostAsync(reviewer, $"/api/complaints/{id}/decision", new
        {
            outcomes = new object[] { new { kind = "partial-refund", amount = 60.00m, currency = "EUR" } }, clauses = new[] { "BP-2.1" },
            facts = "The seller (info@vintagehuis.example.nl, 06-12345678) says it was shipped; tracking ends at the depot.",
            reasons = "Delivery is not proven.",
        }, view["version"]!.GetValue<long>()));
        await Flow.DispatchAsync();

        var toBuyer = (await MailAsync(id)).Single(m => m.To == "buyer-emma" && m.Template == "decision");
        Assert.That(toBuyer.Body, Does.Not.Contain("info@vintagehuis.example.nl").And.Not.Contain("06-12345678"));
        Assert.That(toBuyer.Body, Does.Contain("The seller ([email address removed], [phone number removed]) says it was shipped"));
        var asSeller = await CaseAsync("seller-vintagehuis", id);
        Assert.That(asSeller["description"]!.GetValue<string>(), Is.EqualTo("Never arrived; call me on [phone number removed]."), "the buyer's number never reaches the seller");

        var audit = (await App.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>($"/api/compliance/audit?caseId={id}&pageSize=200"))!;
        var entries = audit["items"]!.AsArray().Select(e => (Action: e!["action"]!.GetValue<string>(), Data: JsonNode.Parse(e["data"]!.GetValue<string>())!)).ToList();
        var made = entries.Single(e => e.Action == "decision.made").Data;
        Assert.That(made["masked"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "facts:email", "facts:phone" }));
        Assert.That(made["contactDetails"]!.GetValue<string>(), Is.EqualTo("masked"));
        var filed = entries.Single(e => e.Action == "case.filed").Data;
        Assert.That(filed["masked"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "phone" }));
    }

    [Test]
    public async Task Parties_see_the_role_that_decided_never_the_name()
    {
        var id = Id(await FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received"));
        await OkAsync(await PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "Shipped." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        var reviewer = AssigneeOf(view, ComplaintProcess.Steps.Review)!;
        await OkAsync(await PostAsync(reviewer, $"/api/complaints/{id}/decision", Decision([new { kind = "full-refund" }], ["BP-2.1"]), view["version"]!.GetValue<long>()));
        await Flow.DispatchAsync();

        var toBuyer = (await MailAsync(id)).Single(m => m.To == "buyer-emma" && m.Template == "decision");
        Assert.That(toBuyer.Body, Does.Contain("Decided by a reviewer on"));
        foreach (var name in new[] { "Sam Okafor", "Inés García", "Kofi Mensah", "Olga Petrova", reviewer })
            Assert.That(toBuyer.Body, Does.Not.Contain(name));

        var asBuyer = (await CaseAsync("buyer-emma", id)).ToJsonString();
        Assert.That(asBuyer, Does.Contain("\"decidedBy\":\"role:reviewer\""));
        Assert.That(asBuyer, Does.Not.Contain($"\"{reviewer}\""), "no staff id anywhere in the party's case data");
        var asStaff = await CaseAsync("comp-lena", id);
        Assert.That(asStaff["decisions"]![0]!["decidedBy"]!.GetValue<string>(), Is.EqualTo(reviewer), "staff still see who decided");
    }
}
