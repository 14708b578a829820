using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>The complaint process end to end through real HTTP on PostgreSQL, with a fake clock driving every timer.</summary>
[TestFixture]
public class ComplaintScenarioTests : ComplaintScenario
{
    [Test]
    public async Task Settled_directly_pays_the_offer_once_and_tells_both_parties_in_their_language()
    {
        var filed = await FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received");
        var id = Id(filed);
        Assert.That(filed["recommendedChannel"]!.GetValue<string>(), Is.EqualTo("email"), "not received is a problem with an item: email");
        var filedView = await CaseAsync("buyer-emma", id);
        Assert.That(Steps(filedView), Is.EquivalentTo(new[] { "direct-resolution" }));
        Assert.That(filedView["workflowInstanceId"]?.GetValue<string>(), Is.Not.Null, "the case is linked to its workflow instance");
        Assert.That(filedView["workflowDefinitionVersion"]?.GetValue<int>(), Is.EqualTo(1), "and to the definition version it is pinned to");

        await OkAsync(await PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/offer", new { amount = 50.00m, currency = "EUR", note = "Sorry, 50 EUR back?" }));
        await OkAsync(await PostAsync("buyer-emma", $"/api/complaints/{id}/settlement/answer", new { accept = true }));
        await DispatchAsync();
        await DispatchAsync();

        var ledger = await LedgerAsync(id);
        Assert.That(ledger.Select(e => e.Kind), Is.EquivalentTo(new[] { "hold-funds", "refund", "release-hold" }), "held at filing; the settlement is paid from the hold, the rest released");
        Assert.That(JsonNode.Parse(ledger.Single(e => e.Kind == "refund").Payload)!["amount"]!.GetValue<string>(), Is.EqualTo("50.00"));
        var mail = await MailAsync(id);
        Assert.That(mail.Select(m => (m.To, m.Template)), Does.Contain(("seller-vintagehuis", "settlement-accepted")));
        Assert.That(mail.Single(m => m.To == "seller-vintagehuis" && m.Template == "filed").Language, Is.EqualTo("nl"));
        var view = await CaseAsync("buyer-emma", id);
        Assert.That(view["status"]!.GetValue<string>(), Is.EqualTo("Closed"));
    }

    [Test]
    public async Task Reviewer_requests_information_it_times_out_and_the_reviewer_decides_with_the_etag()
    {
        var id = Id(await FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "The lamp arrived broken."));
        await OkAsync(await PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "It left here intact." }));
        await App.SendAsync(new AssignOpenTasks());
        var view = await CaseAsync("comp-lena", id);
        var reviewer = AssigneeOf(view, "review");
        Assert.That(reviewer, Is.Not.Null.And.Not.EqualTo("buyer-chloe"));

        await OkAsync(await PostAsync(reviewer!, $"/api/complaints/{id}/information-requests", new { partyId = "buyer-chloe", question = "Please send a photo of the packaging." }));
        Assert.That(Steps(await CaseAsync("buyer-chloe", id)), Is.EquivalentTo(new[] { "await-information" }));
        await AdvanceAsync(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        view = await CaseAsync(reviewer!, id);
        Assert.That(Steps(view), Is.EquivalentTo(new[] { "review" }), "after 5 days without an answer the review continues");
        Assert.That(AssigneeOf(view, "review"), Is.Not.Null);
        reviewer = AssigneeOf(view, "review");
        var version = view["version"]!.GetValue<long>();

        var decision = Decision([new { kind = "partial-refund", amount = 100.00m, currency = "EUR" }], ["BP-4.1"]);
        var missing = await PostAsync(reviewer!, $"/api/complaints/{id}/decision", decision);
        Assert.That(missing.StatusCode, Is.EqualTo((HttpStatusCode)428));
        var stale = await PostAsync(reviewer!, $"/api/complaints/{id}/decision", decision, version - 1);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        var tooMuch = await PostAsync(reviewer!, $"/api/complaints/{id}/decision", Decision([new { kind = "partial-refund", amount = 9999m, currency = "EUR" }], ["BP-4.1"]), version);
        Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await tooMuch.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]!["outcomes[0].amount"], Is.Not.Null);

        await OkAsync(await PostAsync(reviewer!, $"/api/complaints/{id}/decision", decision, version));
        await DispatchAsync();
        await DispatchAsync();
        Assert.That((await LedgerAsync(id)).Select(e => e.Kind), Is.EquivalentTo(new[] { "hold-funds", "refund", "release-hold" }));
        var mail = await MailAsync(id);
        var toBuyer = mail.Single(m => m.To == "buyer-chloe" && m.Template == "decision");
        Assert.That(toBuyer.Language, Is.EqualTo("fr"));
        Assert.That(toBuyer.Body, Does.Contain("BP-4.1"));
        Assert.That(mail.Any(m => m.Template == "signpost.decided" && m.To == "buyer-chloe" && m.Body.Contains("Geschillencommissie", StringComparison.Ordinal)), Is.True,
            "a consumer buyer of an affiliated seller is pointed to its consumer-ADR body");
        Assert.That(mail.Any(m => m.Body.Contains("ec.europa.eu/consumers/odr", StringComparison.OrdinalIgnoreCase)), Is.False);
        Assert.That(Steps(await CaseAsync("buyer-chloe", id)), Is.EquivalentTo(new[] { "appeal-window" }));
    }

    [Test]
    public async Task Review_breach_goes_to_a_lead()
    {
        var id = Id(await FileAsync("buyer-daan", "ORD-1013", ["ORD-1013-1"], "not-as-described", "Not the painting in the photos."));
        await AdvanceAsync(TimeSpan.FromDays(4));
        Assert.That(Steps(await CaseAsync("buyer-daan", id)), Is.EquivalentTo(new[] { "review" }), "3 business days without a settlement: review");
        await AdvanceAsync(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        var warned = await App.WithDbAsync(db => db.Journal.AsNoTracking().AnyAsync(j => j.Event == "DeadlineWarning"));
        Assert.That(warned, Is.True, "warning at 5 days");
        await AdvanceAsync(TimeSpan.FromDays(2));
        var view = await CaseAsync("lead-olga", id);
        Assert.That(Steps(view), Is.EquivalentTo(new[] { "lead-review" }));
        Assert.That(AssigneeOf(view, "lead-review"), Is.EqualTo("lead-olga"));
    }

    [Test]
    public async Task Counterfeit_needs_an_expert_and_a_second_expert_then_an_appeal_reverses_it_without_paying_twice()
    {
        var id = Id(await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake."));
        await AdvanceAsync(TimeSpan.FromDays(4));
        var view = await CaseAsync("comp-lena", id);
        var reviewer = AssigneeOf(view, "review")!;
        var decision = Decision(
        [
            new { kind = "full-refund" },
            new { kind = "item-removal", itemIds = new[] { "ORD-1031-1" } },
            new { kind = "account-suspension", accountId = "seller-pierre", permanent = true },
            new { kind = "law-enforcement-referral", referralCategory = "counterfeit", summary = "Counterfeit designer bag sold as genuine." },
        ], ["IP-1.1"]);
        var refused = await PostAsync(reviewer, $"/api/complaints/{id}/decision", decision, view["version"]!.GetValue<long>());
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a reviewer cannot decide a counterfeit case");
        await OkAsync(await PostAsync(reviewer, $"/api/complaints/{id}/escalation", new { note = "Counterfeit: expert needed." }));
        await App.SendAsync(new AssignOpenTasks());

        view = await CaseAsync("comp-lena", id);
        var expert = AssigneeOf(view, "expert")!;
        await OkAsync(await PostAsync(expert, $"/api/complaints/{id}/decision", decision, view["version"]!.GetValue<long>()));
        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);
        Assert.That(Steps(view), Is.EquivalentTo(new[] { "four-eyes" }));
        var second = AssigneeOf(view, "four-eyes")!;
        Assert.That(second, Is.Not.EqualTo(expert), "never the decider");
        Assert.That(await DispatchAsync() is { } d && (await LedgerAsync(id)).Select(e => e.Kind).SequenceEqual(["hold-funds"]), Is.True, "nothing but the filing's hold before approval");

        var self = await PostAsync(expert, $"/api/complaints/{id}/approval", null, view["version"]!.GetValue<long>());
        Assert.That(self.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        await OkAsync(await PostAsync(second, $"/api/complaints/{id}/approval", null, view["version"]!.GetValue<long>()));
        await DispatchAsync();
        await DispatchAsync();
        var ledger = await LedgerAsync(id);
        Assert.That(ledger.Select(e => e.Kind), Is.EquivalentTo(new[] { "hold-funds", "refund", "remove-listing", "suspend-account", "refer-to-law-enforcement" }));
        Assert.That(ledger.All(e => e.Deliveries == 1));

        await OkAsync(await PostAsync("seller-pierre", $"/api/complaints/{id}/appeal", new { reason = "The bag is genuine; here is the certificate." }));
        await App.SendAsync(new AssignOpenTasks());
        view = await CaseAsync("comp-lena", id);
        var appealReviewer = AssigneeOf(view, "appeal-review")!;
        Assert.That(appealReviewer, Is.Not.EqualTo(expert).And.Not.EqualTo(second), "someone who took no part");
        await OkAsync(await PostAsync(appealReviewer, $"/api/complaints/{id}/appeal/decision",
            new { reverse = true, revisedOutcomes = new object[] { new { kind = "full-refund" } }, clauses = new[] { "BP-3.1" }, reasons = "Authenticity certificate is valid; the refund stands as the buyer returned the bag." },
            view["version"]!.GetValue<long>()));
        await DispatchAsync();
        await DispatchAsync();
        ledger = await LedgerAsync(id);
        Assert.That(ledger.Count(e => e.Kind == "refund"), Is.EqualTo(1), "a refund already paid is never paid twice");
        Assert.That(ledger.Select(e => e.Kind), Is.SupersetOf(new[] { "reinstate-listing", "lift-account-suspension", "withdraw-referral" }));
        Assert.That((await CaseAsync("buyer-chloe", id))["status"]!.GetValue<string>(), Is.EqualTo("Closed"));
    }

    [Test]
    public async Task A_repeat_filing_is_attached_as_a_message_and_changes_no_clock()
    {
        var first = await FileAsync("buyer-marco", "ORD-1008", ["ORD-1008-1", "ORD-1008-2"], "not-received");
        var before = await CaseAsync("buyer-marco", Id(first));
        App.Clock.Advance(TimeSpan.FromHours(5));
        var again = await FileAsync("buyer-marco", "ORD-1008", ["ORD-1008-2", "ORD-1008-1"], "not-received", "Still nothing!!");
        Assert.That(again["attachedToExisting"]!.GetValue<bool>(), Is.True);
        Assert.That(Id(again), Is.EqualTo(Id(first)));
        var after = await CaseAsync("buyer-marco", Id(first));
        Assert.That(after["nextDeadline"]!.ToString(), Is.EqualTo(before["nextDeadline"]!.ToString()));
        Assert.That(after["messages"]!.AsArray().Select(m => m!["kind"]!.GetValue<string>()), Does.Contain("RepeatFiling"));
        var cases = await App.WithDbAsync(db => db.Complaints.CountAsync());
        Assert.That(cases, Is.EqualTo(1));
    }

    [Test]
    public async Task A_party_cannot_read_someone_elses_case_by_guessing_its_id()
    {
        var id = Id(await FileAsync("buyer-jonas", "ORD-1034", ["ORD-1034-1"], "damaged", "Cracked."));
        var response = await App.ClientAs("buyer-emma").GetAsync($"/api/complaints/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await App.ClientAs("seller-artshop").GetAsync($"/api/complaints/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_case_still_open_after_8_weeks_is_signposted()
    {
        var id = Id(await FileAsync("buyer-zofia", "ORD-1025", ["ORD-1025-1"], "not-as-described", "Wrong stamp."));
        await AdvanceAsync(TimeSpan.FromDays(4));
        await OkAsync(await PostAsync("lead-olga", $"/api/complaints/{id}/messages", new { text = "Looking into it." }));
        await AdvanceAsync(TimeSpan.FromDays(57));
        await DispatchAsync();
        var mail = await MailAsync(id);
        Assert.That(mail.Where(m => m.Template == "signpost.open").Select(m => m.To), Is.EquivalentTo(new[] { "buyer-zofia", "seller-anna" }));
        Assert.That(mail.Single(m => m.Template == "signpost.open" && m.To == "buyer-zofia").Language, Is.EqualTo("pl"));
    }
}
