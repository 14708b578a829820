using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Disputes.IntegrationTests;

/// <summary>The compliance search, its CSV export and the outcome statistics over case_decisions, on both providers.</summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class ComplianceSearchTests(Db provider)
{
    [Test, CancelAfter(120_000)]
    public async Task Decisions_are_found_by_clause_outcome_decider_and_date_and_exported_as_csv()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);

        var filed = await (await app.ClientAs("buyer-chloe").PostAsJsonAsync("/api/complaints",
            new { orderId = "ORD-1010", itemIds = new[] { "ORD-1010-1" }, category = "damaged", description = "The bag arrived torn." })).Content.ReadFromJsonAsync<JsonObject>();
        var id = filed!["id"]!.GetValue<string>();
        var number = filed["number"]!.GetValue<string>();
        (await app.ClientAs("seller-vintagehuis").PostAsJsonAsync($"/api/complaints/{id}/settlement/refuse", new { })).EnsureSuccessStatusCode();
        var view = (await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>($"/api/complaints/{id}"))!;
        var reviewer = view["openTasks"]!.AsArray().Single()!["assignee"]!.GetValue<string>();
        using (var decide = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{id}/decision")
        {
            Content = JsonContent.Create(new
            {
                outcomes = new[] { new { kind = "partial-refund", amount = 75.5m, currency = "EUR" } },
                clauses = new[] { "BP-4.1" },
                facts = "Photos show a torn handle, \"as received\".",
                reasons = "Poor packing, the seller's risk.",
            }),
        })
        {
            decide.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{view["version"]}\""));
            (await app.ClientAs(reviewer).SendAsync(decide)).EnsureSuccessStatusCode();
        }

        var compliance = app.ClientAs("comp-lena");
        var found = (await compliance.GetFromJsonAsync<JsonObject>($"/api/compliance/decisions?clause=BP-4.1&outcome=partial-refund&decidedBy={reviewer}&from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z"))!;
        Assert.That(found["total"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(found["items"]![0]!["caseNumber"]!.GetValue<string>(), Is.EqualTo(number));
        foreach (var miss in new[] { "clause=BP-4", "outcome=full-refund", "decidedBy=someone-else", "category=fraud", "from=2026-11-24T00:00:00Z" })
            Assert.That((await compliance.GetFromJsonAsync<JsonObject>($"/api/compliance/decisions?{miss}"))!["total"]!.GetValue<int>(), Is.Zero, miss);

        var csv = await compliance.GetStringAsync("/api/compliance/exports/decisions?format=csv&clause=BP-4.1");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Is.EqualTo($"{number},{id},1,Review,Effective,damaged,partial-refund,BP-4.1,{reviewer},2026-11-23T09:00:00.000Z,,,false,2026-12-23T09:00:00.000Z,2026-11-23T09:00:00.000Z,fr,buyer,EUR,505.00"));
        var none = await compliance.GetStringAsync("/api/compliance/exports/decisions?format=csv&clause=BP-4");
        Assert.That(none.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "a clause matches whole, BP-4 is not BP-4.1");

        var stats = (await compliance.GetFromJsonAsync<JsonObject>("/api/compliance/statistics"))!;
        Assert.That(stats["decisions"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(stats["outcomeMix"]![0]!["key"]!.GetValue<string>(), Is.EqualTo("partial-refund"));

        using var bad = await compliance.GetAsync("/api/compliance/decisions?outcome=refund-everything");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["outcome"], Is.Not.Null);
        using var party = await app.ClientAs("buyer-chloe").GetAsync("/api/compliance/decisions");
        Assert.That(party.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}

/// <summary>The outcome statistics over a seeded set of decision rows whose answers are known by construction.</summary>
[TestFixture]
public class OutcomeStatisticsTests
{
    private static Disputes.Persistence.Rows.DecisionRow Row(int complaint, int number, string stage, string status, string outcomes, DateTimeOffset filed, DateTimeOffset decided) => new()
    {
        ComplaintId = new Guid(complaint, 0, 0, new byte[8]), Number = number, CaseNumber = $"C-{complaint:D8}", Category = "damaged", Language = "en",
        ComplainantSide = "buyer", BuyerId = "buyer-emma", SellerId = "seller-artshop", Currency = "EUR", AmountPaid = 100m, FiledAt = filed,
        Stage = stage, Status = status, OutcomeKinds = "," + outcomes + ",", Clauses = ",BP-4.1,", DecidedBy = "rev-sam", DecidedAt = decided,
    };

    [Test]
    public async Task Only_decisions_that_took_effect_count_and_appeals_are_split_into_confirmed_and_reversed()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database);
        var nov = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        await app.WithDbAsync(async db =>
        {
            db.Decisions.AddRange(
                // 1: decided after 2 days, in effect.
                Row(1, 1, "Review", "Effective", "full-refund", nov, nov.AddDays(2)),
                // 2: a suspension rejected by the second expert, then a restriction after 6 days.
                Row(2, 1, "Expert", "Rejected", "account-suspension", nov, nov.AddDays(3)),
                Row(2, 2, "Expert", "Effective", "account-restriction", nov, nov.AddDays(6)),
                // 3: decided after 4 days, reversed on appeal to a full refund.
                Row(3, 1, "Review", "Reversed", "item-removal", nov, nov.AddDays(4)),
                Row(3, 2, "Appeal", "Effective", "full-refund", nov, nov.AddDays(10)),
                // 4: decided after 1 day, confirmed on appeal.
                Row(4, 1, "Review", "Confirmed", "no-action", nov, nov.AddDays(1)),
                Row(4, 2, "Appeal", "Confirmed", "no-action", nov, nov.AddDays(9)),
                // 5: awaiting the second expert.
                Row(5, 1, "Expert", "AwaitingApproval", "law-enforcement-referral", nov, nov.AddDays(5)));
            return await db.SaveChangesAsync();
        });

        var stats = (await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statistics?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"))!;

        Assert.That(stats["decisions"]!.GetValue<int>(), Is.EqualTo(5), "1, 2 (second), 3 (first and the reversal), 4 (first)");
        var mix = stats["outcomeMix"]!.AsArray().ToDictionary(m => m!["key"]!.GetValue<string>(), m => m!["count"]!.GetValue<int>());
        Assert.That(mix, Is.EquivalentTo(new Dictionary<string, int> { ["full-refund"] = 2, ["account-restriction"] = 1, ["item-removal"] = 1, ["no-action"] = 1 }));
        var time = stats["timeToDecision"]!.AsArray().Single()!;
        Assert.That(time["decisions"]!.GetValue<int>(), Is.EqualTo(4), "one first decision per case that has one in effect");
        Assert.That(time["averageDays"]!.GetValue<double>(), Is.EqualTo(3.3).Within(1e-9), "(2 + 6 + 4 + 1) / 4 = 3.25");
        Assert.That(time["medianDays"]!.GetValue<double>(), Is.EqualTo(3.0).Within(1e-9), "median of 1, 2, 4, 6");
        var appeals = stats["appeals"]!.AsArray().Single()!;
        Assert.That((appeals["confirmed"]!.GetValue<int>(), appeals["reversed"]!.GetValue<int>()), Is.EqualTo((1, 1)));
    }
}
