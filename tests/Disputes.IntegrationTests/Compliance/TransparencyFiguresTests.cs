using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Persistence.Rows;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>
/// DSA Art. 15/24 figures on both providers (PostgreSQL counts in SQL, SQLite partly in memory) against a seeded set whose answers are known by construction: cases are built
/// with the domain (the same rules as through the API) at chosen times and stored through the complaint store.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class TransparencyFiguresTests(Db provider)
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static Complaint Case(int n, ComplaintCategory category, DateTimeOffset filed, PartySide side = PartySide.Buyer)
    {
        var order = new Order($"TR-{n}", $"buyer-t{n}", $"seller-t{n}", "EUR", filed.AddDays(-5), filed.AddDays(-5), filed.AddDays(-2), null, 5m,
            [new OrderItem($"TR-{n}-1", $"L-{n}", "Item", 100m)]);
        return Complaint.File(Guid.CreateVersion7(filed), order, [$"TR-{n}-1"], category, "What happened.", "en", side == PartySide.Buyer ? order.BuyerId : order.SellerId,
            new ChannelRecommendation(ContactChannel.Email, "item-problem", []), [], filed);
    }

    private static void Decide(Complaint c, DecisionStage stage, DateTimeOffset at, params Outcome[] outcomes)
    {
        var d = c.Decide(new DecisionDraft(outcomes, ["BP-4.1"], "Facts.", "Reasons."), stage, stage == DecisionStage.Expert ? "exp-maria" : "rev-sam", at);
        if (d.Status == DecisionStatus.AwaitingApproval) d = c.Approve("exp-tom", at);
        c.MakeEffective(d, at.AddMonths(6), at);
    }

    private static void Appeal(Complaint c, DateTimeOffset appealed, DateTimeOffset decided, bool reverse)
    {
        c.Appeal(c.SellerId, "I disagree.", appealed);
        var revised = reverse ? new DecisionDraft([new Outcome(OutcomeKind.FullRefund)], ["BP-3.1"], "Facts.", "Reversed.") : null;
        c.DecideAppeal(revised, reverse, "rev-kofi", "Appeal reasons.", ["BP-3.1"], decided);
    }

    private static List<Complaint> Seed()
    {
        DateTimeOffset F(int day) => new(2026, 2, day, 10, 0, 0, TimeSpan.Zero);
        var c1 = Case(1, ComplaintCategory.Damaged, F(1)); Decide(c1, DecisionStage.Review, F(1).AddHours(48), new Outcome(OutcomeKind.PartialRefund, 20m, "EUR"));
        var c2 = Case(2, ComplaintCategory.Damaged, F(2)); Decide(c2, DecisionStage.Review, F(2).AddHours(24), new Outcome(OutcomeKind.FullRefund));
        var c3 = Case(3, ComplaintCategory.NotReceived, F(3)); Decide(c3, DecisionStage.Review, F(3).AddHours(72), new Outcome(OutcomeKind.NoAction));
        var c4 = Case(4, ComplaintCategory.Counterfeit, F(4));
        Decide(c4, DecisionStage.Expert, F(4).AddHours(96), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["TR-4-1"]), new Outcome(OutcomeKind.FullRefund));
        Appeal(c4, F(4).AddDays(10), F(4).AddDays(30), reverse: false);
        var c5 = Case(5, ComplaintCategory.Fraud, F(5));
        Decide(c5, DecisionStage.Expert, F(5).AddHours(120), new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-t5", Until: F(5).AddDays(90)));
        Appeal(c5, F(5).AddDays(10), F(5).AddDays(20), reverse: true);
        var c6 = Case(6, ComplaintCategory.Other, F(6), PartySide.Seller);
        Decide(c6, DecisionStage.Expert, F(6).AddHours(24), new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-t6", Permanent: true));
        var c7 = Case(7, ComplaintCategory.NotAsDescribed, F(7));
        var c8 = Case(8, ComplaintCategory.Damaged, new DateTimeOffset(2025, 12, 20, 10, 0, 0, TimeSpan.Zero));
        Decide(c8, DecisionStage.Review, new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero), new Outcome(OutcomeKind.FullRefund));
        var c9 = Case(9, ComplaintCategory.Damaged, new DateTimeOffset(2026, 6, 30, 10, 0, 0, TimeSpan.Zero));
        Decide(c9, DecisionStage.Review, new DateTimeOffset(2026, 7, 3, 10, 0, 0, TimeSpan.Zero), new Outcome(OutcomeKind.PartialRefund, 20m, "EUR"));
        // Audit finding 6: a suspension confirmed on appeal counts once; a seller's fraud complaint about a buyer (a chargeback) is no illegal content.
        var c10 = Case(10, ComplaintCategory.Counterfeit, F(10));
        Decide(c10, DecisionStage.Expert, F(10).AddHours(48), new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-t10", Permanent: true));
        Appeal(c10, F(10).AddDays(5), F(10).AddDays(8), reverse: false);
        var c11 = Case(11, ComplaintCategory.Fraud, F(11), PartySide.Seller);
        Decide(c11, DecisionStage.Expert, F(11).AddHours(96), new Outcome(OutcomeKind.AccountSuspension, AccountId: "buyer-t11", Until: F(11).AddDays(60)));
        return [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11];
    }

    [Test]
    public async Task The_figures_for_a_period_match_a_seeded_set_in_json_and_csv()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        var cases = Seed();
        foreach (var c in cases)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IComplaintRepository>();
            store.Add(c);
            await store.SaveChangesAsync(CancellationToken.None);
        }
        // Signposting messages sent: case A twice and case B in the period, case C before it.
        await app.WithDbAsync(async db =>
        {
            var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            foreach (var (instance, processed, n) in new[] { (a, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 1), (a, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), 2),
                         (b, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), 3), (c, new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero), 4) })
                db.Outbox.Add(new OutboxRow { Id = Guid.NewGuid(), InstanceId = instance, ActivityId = "signpost", Kind = "signpost", Payload = "{}", IdempotencyKey = $"seed-signpost-{n}",
                    Status = OutboxStatus.Done, Attempts = 1, NextAttemptAt = processed, CreatedAt = processed, ProcessedAt = processed });
            return await db.SaveChangesAsync();
        });
        var lead = app.ClientAs("lead-olga");
        foreach (var (c, body, outcome, implemented, submitted, decided) in new[]
        {
            (cases[0], "appeals-centre-europe", "upheld", true, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z"),
            (cases[2], "geschillencommissie", "rejected", false, "2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z"),
            (cases[3], "appeals-centre-europe", "upheld", false, "2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z"),
        })
        {
            var response = await lead.PostAsJsonAsync($"/api/complaints/{c.Id}/external-outcomes", new { bodyId = body, outcome, implemented, submittedAt = submitted, decidedAt = decided });
            Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        }

        var period = $"from={Uri.EscapeDataString(From.ToString("O"))}&to={Uri.EscapeDataString(To.ToString("O"))}";
        var f = (await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>($"/api/compliance/transparency?{period}"))!;
        TestContext.Out.WriteLine(f.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        static Dictionary<string, int> Map(JsonNode? n) => n!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>());

        Assert.That(f["complaints"]!["received"]!.GetValue<int>(), Is.EqualTo(10), "cases 1-7, 9, 10 and 11; case 8 was filed before the period");
        Assert.That(Map(f["complaints"]!["byBasis"]), Is.EquivalentTo(new Dictionary<string, int>
            { ["counterfeit"] = 2, ["damaged"] = 3, ["fraud"] = 2, ["not-as-described"] = 1, ["not-received"] = 1, ["other"] = 1 }));
        Assert.That(Map(f["complaints"]!["byComplainant"]), Is.EquivalentTo(new Dictionary<string, int> { ["buyer"] = 8, ["seller"] = 2 }));

        Assert.That(f["decisions"]!["total"]!.GetValue<int>(), Is.EqualTo(9), "cases 1-6, 8, 10 and 11; case 9 was decided after the period");
        Assert.That(Map(f["decisions"]!["byOutcome"]), Is.EquivalentTo(new Dictionary<string, int>
            { ["account-suspension"] = 4, ["full-refund"] = 3, ["item-removal"] = 1, ["no-action"] = 1, ["partial-refund"] = 1 }));
        Assert.That(f["decisions"]!["medianHoursToDecision"]!.GetValue<double>(), Is.EqualTo(72), "24, 24, 48, 48, 72, 96, 96, 120, 312 hours");
        Assert.That(f["decisions"]!["byExpert"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(f["decisions"]!["withSecondApproval"]!.GetValue<int>(), Is.EqualTo(4));

        Assert.That((f["appeals"]!["decided"]!.GetValue<int>(), f["appeals"]!["confirmed"]!.GetValue<int>(), f["appeals"]!["reversed"]!.GetValue<int>(), f["appeals"]!["pendingNow"]!.GetValue<int>()),
            Is.EqualTo((3, 2, 1, 0)));

        var outOfCourt = f["outOfCourt"]!;
        Assert.That(outOfCourt["casesSignposted"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(outOfCourt["outcomesReported"]!.GetValue<int>(), Is.EqualTo(2), "the third was decided after the period");
        Assert.That(Map(outOfCourt["byOutcome"]), Is.EquivalentTo(new Dictionary<string, int> { ["rejected"] = 1, ["upheld"] = 1 }));
        Assert.That(outOfCourt["medianDaysToOutcome"]!.GetValue<double>(), Is.EqualTo(45));
        Assert.That(outOfCourt["shareImplemented"]!.GetValue<double>(), Is.EqualTo(1.0));

        var s = f["suspensions"]!;
        Assert.That((s["total"]!.GetValue<int>(), s["manifestlyIllegalContent"]!.GetValue<int>(), s["manifestlyUnfoundedNotices"]!.GetValue<int>(),
            s["manifestlyUnfoundedComplaints"]!.GetValue<int>(), s["otherTermsBreaches"]!.GetValue<int>()), Is.EqualTo((4, 2, 1, 0, 1)),
            "case 5 and case 10 (once, although its appeal confirmed it): illegal content; case 6: the complainant; case 11: a buyer's chargeback, a breach of our terms");

        var csv = await app.ClientAs("comp-lena").GetStringAsync($"/api/compliance/transparency?{period}&format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToDictionary(p => $"{p[0]}.{p[1]}.{p[2]}", p => p[3]);
        Assert.That(lines["complaints.received."], Is.EqualTo("10"));
        Assert.That(lines["complaints.byBasis.damaged"], Is.EqualTo("3"));
        Assert.That(lines["decisions.byOutcome.full-refund"], Is.EqualTo("3"));
        Assert.That(lines["suspensions.total."], Is.EqualTo("4"));
        Assert.That(lines["suspensions.otherTermsBreaches."], Is.EqualTo("1"));
        Assert.That(lines["decisions.medianHoursToDecision."], Is.EqualTo("72"));
        Assert.That(lines["appeals.reversed."], Is.EqualTo("1"));
        Assert.That(lines["outOfCourt.casesSignposted."], Is.EqualTo("2"));
        Assert.That(lines["suspensions.manifestlyIllegalContent."], Is.EqualTo("2"));

        var march = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>(
            $"/api/compliance/transparency?from={Uri.EscapeDataString("2026-03-01T00:00:00Z")}&to={Uri.EscapeDataString("2026-04-01T00:00:00Z")}");
        Assert.That(march!["complaints"]!["received"]!.GetValue<int>(), Is.Zero);
        Assert.That(march["appeals"]!["decided"]!.GetValue<int>(), Is.EqualTo(1), "case 4's appeal was decided on 6 March");
    }
}
