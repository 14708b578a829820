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

        var csv = await compliance.GetStringAsync("/api/compliance/decisions.csv?clause=BP-4.1");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Does.StartWith($"{number},1,Review,Effective,damaged,fr,partial-refund,BP-4.1,{reviewer},2026-11-23T09:00:00Z,,,2026-11-23T09:00:00Z,505.00,EUR,"));

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
