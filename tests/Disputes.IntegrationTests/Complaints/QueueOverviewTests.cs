using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// The filtered queue (the reviewers' queue page and <c>GET /api/review-queue/overview</c>): filters, counts and pages
/// are the database's, so totals are exact; on both providers.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class QueueOverviewTests(Db provider)
{
    private static readonly string[] Staff = ["rev-sam", "rev-ines", "rev-kofi", "exp-maria", "exp-tom", "lead-olga"];

    [Test]
    public async Task Filters_counts_and_pages_come_from_the_database()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        var driver = new CaseFlowDriver(app);
        var filed = new List<(Guid Id, string Category, decimal Amount, string Language)>();
        foreach (var (buyer, order, category) in new[] { ("buyer-emma", "ORD-1001", "damaged"), ("buyer-chloe", "ORD-1010", "damaged"), ("buyer-wei", "ORD-1020", "not-as-described") })
        {
            var id = await driver.FileAsync(buyer, order, [order + "-1"], category, "Not what I ordered.");
            await CaseFlowDriver.OkAsync(await driver.PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "It left here intact." }));
            var view = await driver.CaseAsync(id);
            filed.Add((id, category, view["amountPaid"]!.GetValue<decimal>(), view["language"]!.GetValue<string>()));
        }

        async Task<(int Total, List<Guid> Ids)> MineOfAllAsync(string query)
        {
            var total = 0;
            var ids = new List<Guid>();
            foreach (var user in Staff)
            {
                var page = (await app.ClientAs(user).GetFromJsonAsync<JsonObject>("/api/review-queue/overview?kind=Mine" + query))!;
                total += page["total"]!.GetValue<int>();
                ids.AddRange(page["items"]!.AsArray().Select(r => Guid.Parse(r!["complaintId"]!.GetValue<string>())));
            }
            return (total, ids);
        }

        Assert.That((await MineOfAllAsync("")).Ids, Is.EquivalentTo(filed.Select(f => f.Id)), "every review task is someone's");
        var damaged = await MineOfAllAsync("&category=damaged");
        Assert.That(damaged.Ids, Is.EquivalentTo(filed.Where(f => f.Category == "damaged").Select(f => f.Id)));
        Assert.That(damaged.Total, Is.EqualTo(2));
        var threshold = filed.Select(f => f.Amount).Order().ElementAt(1);
        Assert.That((await MineOfAllAsync($"&minValue={threshold}")).Ids, Is.EquivalentTo(filed.Where(f => f.Amount >= threshold).Select(f => f.Id)));
        Assert.That((await MineOfAllAsync($"&maxValue={threshold}")).Ids, Is.EquivalentTo(filed.Where(f => f.Amount <= threshold).Select(f => f.Id)));
        var language = filed[0].Language;
        Assert.That((await MineOfAllAsync($"&language={language}")).Ids, Is.EquivalentTo(filed.Where(f => f.Language == language).Select(f => f.Id)));
        Assert.That((await MineOfAllAsync("&minAgeDays=1")).Total, Is.EqualTo(0), "filed today");
        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.That((await MineOfAllAsync("&minAgeDays=1")).Total, Is.EqualTo(3));
        Assert.That((await MineOfAllAsync("&category=no-such-category")).Total, Is.EqualTo(0));

        // A page of one keeps the exact total.
        JsonObject all = null!;
        string holder = null!;
        foreach (var user in Staff)
        {
            all = (await app.ClientAs(user).GetFromJsonAsync<JsonObject>("/api/review-queue/overview?kind=Mine"))!;
            holder = user;
            if (all["total"]!.GetValue<int>() > 0) break;
        }
        var one = (await app.ClientAs(holder).GetFromJsonAsync<JsonObject>("/api/review-queue/overview?kind=Mine&pageSize=1"))!;
        Assert.That(one["items"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(one["total"]!.GetValue<int>(), Is.EqualTo(all["total"]!.GetValue<int>()));
    }
}
