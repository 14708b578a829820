using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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

    [Test]
    public async Task Pages_continue_by_key_and_the_queue_follows_every_change_to_a_task_even_one_made_in_SQL()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        var driver = new CaseFlowDriver(app);
        var filed = new List<Guid>();
        foreach (var (buyer, order) in new[] { ("buyer-emma", "ORD-1001"), ("buyer-lucia", "ORD-1004"), ("buyer-marco", "ORD-1009"), ("buyer-chloe", "ORD-1010"),
                     ("buyer-jonas", "ORD-1016"), ("buyer-wei", "ORD-1020"), ("buyer-joao", "ORD-1022") })
        {
            var id = await driver.FileAsync(buyer, order, [order + "-1"], "damaged", "It arrived broken.");
            await CaseFlowDriver.OkAsync(await driver.PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", null));
            filed.Add(id);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Going around the application: every review is given back to the unassigned queue by hand.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE wf_bookmarks SET \"Assignee\" = NULL, \"AssignedAt\" = NULL WHERE \"Role\" IS NOT NULL"));

        async Task<List<JsonObject>> WalkAsync(string user, string query, int pageSize)
        {
            var rows = new List<JsonObject>();
            string? after = null;
            int? total = null;
            for (var pages = 0; pages < 20; pages++)
            {
                var page = (await app.ClientAs(user).GetFromJsonAsync<JsonObject>($"/api/review-queue/overview?{query}&pageSize={pageSize}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))))!;
                total ??= page["total"]!.GetValue<int>();
                Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(total), "every page gives the same exact total");
                rows.AddRange(page["items"]!.AsArray().Select(r => r!.AsObject()));
                after = page["next"]?.GetValue<string>();
                if (after is null)
                {
                    Assert.That(rows, Has.Count.EqualTo(total));
                    return rows;
                }
            }
            Assert.Fail("the pages never ended");
            return rows;
        }

        var unassigned = await WalkAsync("rev-sam", "kind=Unassigned", 3);
        Assert.That(unassigned.Select(r => Guid.Parse(r["complaintId"]!.GetValue<string>())), Is.EqualTo(filed), "every task once, in deadline order (filed a minute apart)");
        Assert.That(unassigned.Select(r => r["task"]!["assignee"]?.GetValue<string>()), Is.All.Null);

        // A claim moves the task from the unassigned queue to the claimer's.
        var task = unassigned[2]["task"]!["bookmarkId"]!.GetValue<string>();
        var claimed = filed[2];
        await CaseFlowDriver.OkAsync(await driver.PostAsync("rev-sam", $"/api/complaints/{claimed}/tasks/{task}/claim", null));
        var first = (await app.ClientAs("rev-sam").GetFromJsonAsync<JsonObject>("/api/review-queue/overview?kind=Unassigned&pageSize=2"))!;
        Assert.That(first["total"]!.GetValue<int>(), Is.EqualTo(filed.Count - 1));
        var mine = (await app.ClientAs("rev-sam").GetFromJsonAsync<JsonObject>("/api/review-queue/overview?kind=Mine"))!;
        Assert.That(mine["items"]!.AsArray().Select(r => Guid.Parse(r!["complaintId"]!.GetValue<string>())), Is.EqualTo(new[] { claimed }));
        Assert.That(mine["next"], Is.Null);

        // Deciding closes the task: it leaves every queue.
        var view = await driver.CaseAsync(claimed, "rev-sam");
        await CaseFlowDriver.OkAsync(await driver.PostAsync("rev-sam", $"/api/complaints/{claimed}/decision", new
        {
            outcomes = new[] { new { kind = "partial-refund", amount = 10, currency = view["currency"]!.GetValue<string>() } }, clauses = new[] { "BP-4.1" },
            facts = "Photos show a cracked shade.", reasons = "Inadequate packing.",
        }, view["version"]!.GetValue<long>()));
        mine = (await app.ClientAs("rev-sam").GetFromJsonAsync<JsonObject>("/api/review-queue/overview?kind=Mine"))!;
        Assert.That(mine["total"]!.GetValue<int>(), Is.EqualTo(0));

        // Deleting a bookmark by hand removes its task too; the projection never shows a task that is not open.
        var removed = Guid.Parse(unassigned[0]["task"]!["bookmarkId"]!.GetValue<string>());
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM wf_bookmarks WHERE \"Id\" = {removed}"));
        var rest = await WalkAsync("rev-sam", "kind=Unassigned", 4);
        Assert.That(rest.Select(r => Guid.Parse(r["complaintId"]!.GetValue<string>())), Is.EqualTo(filed.Where((_, i) => i != 0 && i != 2)));
        var open = await app.WithDbAsync(db => db.Bookmarks.CountAsync(b => b.Role != null && b.Role != ComplaintProcess.PartyRole && b.ConsumedAt == null));
        Assert.That(await app.WithDbAsync(db => db.CaseTasks.CountAsync()), Is.EqualTo(open));

        using var bad = await app.ClientAs("rev-sam").GetAsync("/api/review-queue/overview?kind=Unassigned&after=not-a-key");
        Assert.That((int)bad.StatusCode, Is.EqualTo(400).Or.EqualTo(422));
        Assert.That(bad.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test, CancelAfter(180_000)]
    public async Task A_partys_step_is_in_no_queue_so_the_projection_holds_staff_tasks_only_and_the_migration_drops_those_stored()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        var driver = new CaseFlowDriver(app);
        // One case waits for the seller to settle (a party step), the other is in review (a staff task).
        var waiting = await driver.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "damaged", "It arrived broken.");
        var reviewed = await driver.FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "It arrived broken.");
        await CaseFlowDriver.OkAsync(await driver.PostAsync("seller-vintagehuis", $"/api/complaints/{reviewed}/settlement/refuse", new { statement = "It left here intact." }));

        Task<List<Guid>> OpenAsync(bool party) => app.WithDbAsync(db => db.Bookmarks
            .Where(b => b.Role != null && b.ConsumedAt == null && (b.Role == ComplaintProcess.PartyRole) == party).Select(b => b.Id).ToListAsync());
        Task<List<Guid>> ProjectedAsync() => app.WithDbAsync(db => db.CaseTasks.Select(t => t.TaskId).ToListAsync());
        var partySteps = await OpenAsync(party: true);
        var staffTasks = await OpenAsync(party: false);
        Assert.That(partySteps, Is.Not.Empty, "the seller's settlement step is open");
        Assert.That(staffTasks, Is.Not.Empty, "the review is open");
        Assert.That(await ProjectedAsync(), Is.EquivalentTo(staffTasks), "opened: staff tasks only");

        // The version before projected every role's step; back to it (the party steps are projected again) and forward.
        DisputesDbContext Owner() => provider == Db.PostgreSql
            ? new PostgresDisputesDbContext(new DbContextOptionsBuilder<PostgresDisputesDbContext>().UseNpgsql(database.ConnectionString).Options)
            : new SqliteDisputesDbContext(new DbContextOptionsBuilder<SqliteDisputesDbContext>().UseSqlite(database.ConnectionString).Options);
        await using (var db = Owner())
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var staffOnly = migrations.FindIndex(m => m.EndsWith("_CaseTasksStaffOnly", StringComparison.Ordinal));
            Assert.That(staffOnly, Is.GreaterThan(0));
            await migrator.MigrateAsync(migrations[staffOnly - 1]);
            Assert.That(await ProjectedAsync(), Is.EquivalentTo(staffTasks.Concat(partySteps)), "the first version: every role");
            await migrator.MigrateAsync();
        }
        Assert.That(await ProjectedAsync(), Is.EquivalentTo(staffTasks), "migrated: the party steps dropped, the staff tasks kept");

        // The triggers of the new version keep it so: the seller's refusal closes the party step and opens a review.
        await CaseFlowDriver.OkAsync(await driver.PostAsync("seller-vintagehuis", $"/api/complaints/{waiting}/settlement/refuse", new { statement = "It left here intact." }));
        Assert.That(await OpenAsync(party: true), Is.Empty);
        Assert.That(await ProjectedAsync(), Is.EquivalentTo(await OpenAsync(party: false)));
        Assert.That((await OpenAsync(party: false)).Count, Is.EqualTo(staffTasks.Count + 1));
    }
}
