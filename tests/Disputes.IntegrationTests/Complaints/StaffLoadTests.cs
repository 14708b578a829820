using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// Assignment reads per-person counters (<c>staff_loads</c>) that a trigger on the tasks keeps exact, on PostgreSQL
/// with the two roles of a deployment: parallel openings are each assigned once and spread evenly, and the counters
/// equal a recount after every way a task changes holder or closes, including SQL run by the owner past the service.
/// </summary>
[TestFixture]
public class StaffLoadTests
{
    private TestDatabase database = null!;
    private TestApp app = null!;

    private CaseFlowDriver Flow => new(app);

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(Db.PostgreSql, asServiceRole: true);
        app = await TestApp.StartAsync(database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task Reviews_opened_in_parallel_are_each_assigned_once_and_spread_within_one_task()
    {
        var reviewers = app.Services.GetRequiredService<IUserDirectory>().InRole(Roles.Reviewer).Select(u => u.Id).ToList();
        var cases = await FileManyAsync(24, exceptParties: reviewers);

        var refusals = await Task.WhenAll(cases.Select(c => Flow.PostAsync(c.Seller, $"/api/complaints/{c.Id}/settlement/refuse", new { statement = "It was as described." })));
        var failures = new List<string>();
        foreach (var r in refusals.Where(r => !r.IsSuccessStatusCode)) failures.Add($"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        Assert.That(failures, Is.Empty, "every refusal commits, none loses a race on the counters");

        var reviews = await app.WithDbAsync(db => db.Bookmarks.AsNoTracking()
            .Where(b => b.ActivityId == ComplaintProcess.Steps.Review && b.ConsumedAt == null).Select(b => new { b.Id, b.CorrelationId, b.Assignee }).ToListAsync());
        Assert.That(reviews.Select(r => r.CorrelationId), Is.EquivalentTo(cases.Select(c => c.Id.ToString())), "one open review per case");
        Assert.That(reviews.Select(r => r.Assignee), Has.All.Not.Null);
        Assert.That(reviews.Select(r => r.Assignee!).Distinct(), Is.SubsetOf(reviewers));
        var assigned = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "task.assigned").Select(a => a.Data).ToListAsync());
        foreach (var review in reviews)
            Assert.That(assigned.Count(d => d.Contains(review.Id.ToString(), StringComparison.Ordinal)), Is.EqualTo(1), "assigned exactly once, by the transition that opened it");

        var counters = await CountersAsync();
        Assert.That(counters, Is.EquivalentTo(await RecountAsync()), "the counters equal a recount");
        var loads = reviewers.Select(id => counters.GetValueOrDefault(id)).ToList();
        TestContext.Out.WriteLine("loads: " + string.Join(", ", reviewers.Zip(loads)));
        Assert.That(loads.Sum(), Is.EqualTo(24));
        Assert.That(loads.Max() - loads.Min(), Is.LessThanOrEqualTo(1), "reviewers who started equal end within one task: " + string.Join(", ", reviewers.Zip(loads)));
    }

    [Test]
    public async Task The_counters_stay_exact_through_claim_release_reassign_decision_cancellation_and_sql_around_the_service()
    {
        var (id, task, holder) = await InReviewAsync("ORD-1001", "buyer-emma", "seller-vintagehuis");
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { [holder] = 1 }));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.CaseId == id && a.Action == "task.assigned").Select(a => a.Data).SingleAsync());
        Assert.That(JsonNode.Parse(audit)!["openTasks"]!.GetValue<int>(), Is.EqualTo(0), "the audit entry gives the counter the choice read");

        await CaseFlowDriver.OkAsync(await Flow.PostAsync(holder, $"/api/complaints/{id}/tasks/{task}/release", null));
        await ExactAsync("after a release", new() { [holder] = 0 });

        var claimer = holder == "rev-ines" ? "rev-sam" : "rev-ines";
        await CaseFlowDriver.OkAsync(await Flow.PostAsync(claimer, $"/api/complaints/{id}/tasks/{task}/claim", null));
        await ExactAsync("after a claim", new() { [claimer] = 1 });

        await CaseFlowDriver.OkAsync(await Flow.PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{task}/reassign", new { assigneeId = "exp-tom", reason = "Balancing the queue." }));
        await ExactAsync("after a reassignment", new() { [claimer] = 0, ["exp-tom"] = 1 });

        // The database owner moves the task with SQL, past the application: the trigger still follows.
        await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
        {
            await owner.OpenAsync();
            await using var move = new NpgsqlCommand("UPDATE wf_bookmarks SET \"Assignee\" = 'rev-sam' WHERE \"Id\" = @id", owner);
            move.Parameters.AddWithValue("id", task);
            Assert.That(await move.ExecuteNonQueryAsync(), Is.EqualTo(1));
            await using var touch = new NpgsqlCommand("UPDATE wf_bookmarks SET \"Assignee\" = \"Assignee\", \"Role\" = \"Role\" WHERE \"Id\" = @id", owner);
            touch.Parameters.AddWithValue("id", task);
            await touch.ExecuteNonQueryAsync();
        }
        await ExactAsync("after an owner's UPDATE", new() { ["exp-tom"] = 0, ["rev-sam"] = 1 });

        var (other, _, otherHolder) = await InReviewAsync("ORD-1004", "buyer-lucia", "seller-vintagehuis");
        await ExactAsync("after a second review opened", new() { [otherHolder] = otherHolder == "rev-sam" ? 2 : 1 });

        var view = await Flow.CaseAsync(id, "rev-sam");
        await CaseFlowDriver.OkAsync(await Flow.PostAsync("rev-sam", $"/api/complaints/{id}/decision", new
        {
            outcomes = new object[] { new { kind = "partial-refund", amount = 20.00m, currency = "EUR" } },
            clauses = new[] { "BP-4.1" }, facts = "Photos show a cracked shade.", reasons = "Inadequate packing.",
        }, view["version"]!.GetValue<long>()));
        var afterDecision = await CountersAsync();
        Assert.That(afterDecision, Is.EquivalentTo(await RecountAsync()), "after a decision");
        Assert.That(afterDecision.GetValueOrDefault("rev-sam"), Is.EqualTo(otherHolder == "rev-sam" ? 1 : 0), "the decided review no longer counts");

        var before = afterDecision.GetValueOrDefault(otherHolder);
        await CaseFlowDriver.OkAsync(await app.Admin.PostAsJsonAsync($"/api/complaints/{other}/cancel", new { reason = "Filed by mistake." }));
        var afterCancel = await CountersAsync();
        Assert.That(afterCancel, Is.EquivalentTo(await RecountAsync()), "after a cancellation");
        Assert.That(afterCancel.GetValueOrDefault(otherHolder), Is.EqualTo(before - 1), "the cancelled case's review no longer counts");
    }

    [Test]
    public async Task A_partys_open_steps_take_no_counter_so_a_busy_sellers_cases_never_wait_on_one_row()
    {
        // Two cases of the same seller, each waiting for the seller to settle (a party step held by the seller).
        var first = await Flow.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-as-described", "It is not what the listing showed.");
        var second = await Flow.FileAsync("buyer-lucia", "ORD-1004", ["ORD-1004-1"], "not-as-described", "It is not what the listing showed.");
        var partyTasks = await QueryAsync($"""SELECT "Assignee", count(*)::int FROM wf_bookmarks WHERE "Role" = '{ComplaintProcess.PartyRole}' AND "ConsumedAt" IS NULL GROUP BY "Assignee" """);
        Assert.That(partyTasks.GetValueOrDefault("seller-vintagehuis"), Is.EqualTo(2), "the seller holds both settlement steps");
        Assert.That(await QueryAsync("SELECT person_id, open_tasks FROM staff_loads"), Does.Not.ContainKey("seller-vintagehuis"), "no counter row for the seller, not even at zero");

        // Their transitions write no counter of the seller's: a transaction holding the seller's row would make none wait.
        await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
        {
            await owner.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO staff_loads (person_id, open_tasks) VALUES ('seller-vintagehuis', 0)", owner);
            await insert.ExecuteNonQueryAsync();
        }
        await using var holder = new NpgsqlConnection(database.OwnerConnectionString);
        await holder.OpenAsync();
        await using var lockRow = await holder.BeginTransactionAsync();
        await using (var select = new NpgsqlCommand("SELECT 1 FROM staff_loads WHERE person_id = 'seller-vintagehuis' FOR UPDATE", holder, lockRow)) await select.ExecuteScalarAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var refusals = await Task.WhenAll(new[] { first, second }.Select(id => Flow.PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "It was as described." })))
            .WaitAsync(timeout.Token);
        Assert.That(refusals.Select(r => (int)r.StatusCode), Is.All.EqualTo(200), "the refusals committed while the seller's row was held");
        await lockRow.RollbackAsync();
        await ExactAsync("after both reviews opened", []);
        Assert.That((await CountersAsync()).Values.Sum(), Is.EqualTo(2), "the two reviews count for their reviewers");
    }

    [Test]
    public async Task The_migration_to_staff_tasks_only_drops_the_counts_of_party_steps()
    {
        await Flow.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-as-described", "It is not what the listing showed.");
        var (_, _, holder) = await InReviewAsync("ORD-1004", "buyer-lucia", "seller-vintagehuis");
        var owner = new DbContextOptionsBuilder<Disputes.Persistence.PostgresDisputesDbContext>().UseNpgsql(database.OwnerConnectionString).Options;
        await using var db = new Disputes.Persistence.PostgresDisputesDbContext(owner);
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var staffOnly = migrations.FindIndex(m => m.EndsWith("_StaffLoadsStaffTasksOnly", StringComparison.Ordinal));
        Assert.That(staffOnly, Is.GreaterThan(0));

        // The first version counted the seller's open settlement step.
        await migrator.MigrateAsync(migrations[staffOnly - 1]);
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { [holder] = 1, ["seller-vintagehuis"] = 1 }));

        await migrator.MigrateAsync();
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { [holder] = 1 }), "recounted: staff tasks only");
        await ExactAsync("after the migration", []);
    }

    [Test]
    public async Task The_migration_counts_the_tasks_already_open()
    {
        await InReviewAsync("ORD-1001", "buyer-emma", "seller-vintagehuis");
        await InReviewAsync("ORD-1004", "buyer-lucia", "seller-vintagehuis");
        var counted = await CountersAsync();
        Assert.That(counted.Values.Sum(), Is.EqualTo(2));

        // Back to the migration before the counters (the table goes), and forward again: the backfill recounts.
        var owner = new DbContextOptionsBuilder<Disputes.Persistence.PostgresDisputesDbContext>().UseNpgsql(database.OwnerConnectionString).Options;
        await using (var db = new Disputes.Persistence.PostgresDisputesDbContext(owner))
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var staffLoads = migrations.FindIndex(m => m.EndsWith("_StaffLoads", StringComparison.Ordinal));
            Assert.That(staffLoads, Is.GreaterThan(0));
            await migrator.MigrateAsync(migrations[staffLoads - 1]);
            await migrator.MigrateAsync();
        }
        Assert.That(await CountersAsync(), Is.EquivalentTo(counted));
    }

    [Test]
    public async Task A_counter_being_given_a_task_is_skipped_and_when_all_are_taken_the_choice_waits_and_reads_the_new_count()
    {
        string[] people = ["p-a", "p-b"];
        // People seen before have their counter rows (the first choice among newcomers adds them, and a concurrent
        // choice among the same newcomers waits for that transaction).
        await using (var seen = await TransactionAsync())
        {
            await seen.Loads.ReserveLeastLoadedAsync(people, [], CancellationToken.None);
            await seen.Transaction.CommitAsync();
        }
        await using var first = await TransactionAsync();
        var a = await first.Loads.ReserveLeastLoadedAsync(people, [], CancellationToken.None);
        Assert.That(a, Is.EqualTo(new Disputes.Domain.Review.Candidate("p-a", 0)), "both at zero: the smallest id");

        await using var second = await TransactionAsync();
        var b = await second.Loads.ReserveLeastLoadedAsync(people, [], CancellationToken.None);
        Assert.That(b, Is.EqualTo(new Disputes.Domain.Review.Candidate("p-b", 0)), "p-a is being given a task: skipped, not counted twice");

        await using var third = await TransactionAsync();
        var waiting = third.Loads.ReserveLeastLoadedAsync(people, [], CancellationToken.None);
        await Task.Delay(500);
        Assert.That(waiting.IsCompleted, Is.False, "every counter within one task of the least-loaded is taken: the choice waits");

        await first.GiveTaskAsync("p-a");
        await first.Transaction.CommitAsync();
        var c = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(c, Is.EqualTo(new Disputes.Domain.Review.Candidate("p-a", 1)), "it reads the count the first transaction committed");
        await third.GiveTaskAsync("p-a");
        await second.GiveTaskAsync("p-b");
        await second.Transaction.CommitAsync();
        await third.Transaction.CommitAsync();
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { ["p-a"] = 2, ["p-b"] = 1 }));
        Assert.That(await CountersAsync(), Is.EquivalentTo(await RecountAsync()));
    }

    [Test]
    public async Task Two_moves_between_the_same_two_holders_in_opposite_directions_do_not_deadlock()
    {
        var x = Guid.NewGuid();
        var y = Guid.NewGuid();
        await using (var setup = await TransactionAsync())
        {
            await setup.GiveTaskAsync("p-a", x);
            await setup.GiveTaskAsync("p-b", y);
            await setup.Transaction.CommitAsync();
        }
        // p-a's counter is held elsewhere a moment, so that both moves are under way together. Were the rows taken
        // old holder first, the move y (b to a) would hold p-b's row and wait for p-a's, which the move x (a to b)
        // gets next and then waits for p-b's: a deadlock. Smaller id first, both wait for p-a's row holding nothing.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await using var one = new NpgsqlConnection(database.ConnectionString);
        await using var two = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await one.OpenAsync();
        await two.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT 1 FROM staff_loads WHERE person_id = 'p-a' FOR UPDATE", holder)) await hold.ExecuteScalarAsync();
        await using var first = await one.BeginTransactionAsync();
        await using var second = await two.BeginTransactionAsync();
        var moveX = MoveAsync(one, x, "p-b");
        await Task.Delay(300);
        var moveY = MoveAsync(two, y, "p-a");
        await Task.Delay(300);
        await held.CommitAsync();
        await moveX.WaitAsync(TimeSpan.FromSeconds(30));
        await first.CommitAsync();
        await moveY.WaitAsync(TimeSpan.FromSeconds(30));
        await second.CommitAsync();
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { ["p-a"] = 1, ["p-b"] = 1 }));
        Assert.That(await CountersAsync(), Is.EquivalentTo(await RecountAsync()));

        static async Task MoveAsync(NpgsqlConnection connection, Guid task, string to)
        {
            await using var move = new NpgsqlCommand("UPDATE wf_bookmarks SET \"Assignee\" = @to WHERE \"Id\" = @id", connection);
            move.Parameters.AddWithValue("to", to);
            move.Parameters.AddWithValue("id", task);
            Assert.That(await move.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_transition_that_closes_a_task_reserves_its_holders_counter_before_choosing()
    {
        var x = Guid.NewGuid();
        var y = Guid.NewGuid();
        await using (var setup = await TransactionAsync())
        {
            await setup.GiveTaskAsync("p-a", x);
            await setup.GiveTaskAsync("p-b", y);
            await setup.GiveTaskAsync("p-c");
            await setup.Transaction.CommitAsync();
        }
        // One transition closes p-a's task and gives a new one to p-b; another closes p-b's and chooses among p-a
        // and p-c. Were the closing holders' counters not reserved first, the second would take p-a's row while the
        // first holds p-b's, and each would then wait for the other's to count the closed task: a deadlock.
        await using var first = await TransactionAsync();
        Assert.That((await first.Loads.ReserveLeastLoadedAsync(["p-b", "p-c"], [x], CancellationToken.None))!.Id, Is.EqualTo("p-b"));
        await using var second = await TransactionAsync();
        var choosing = second.Loads.ReserveLeastLoadedAsync(["p-a", "p-c"], [y], CancellationToken.None);
        await Task.Delay(300);
        Assert.That(choosing.IsCompleted, Is.False, "it waits for p-b's counter, holding none");
        await first.ConsumeAsync(x);
        await first.GiveTaskAsync("p-b");
        await first.Transaction.CommitAsync();
        Assert.That(await choosing.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(new Disputes.Domain.Review.Candidate("p-a", 0)));
        await second.ConsumeAsync(y);
        await second.GiveTaskAsync("p-a");
        await second.Transaction.CommitAsync();
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { ["p-a"] = 1, ["p-b"] = 1, ["p-c"] = 1 }));
        Assert.That(await CountersAsync(), Is.EquivalentTo(await RecountAsync()));
    }

    [Test]
    public async Task A_choice_made_before_the_transition_began_a_transaction_holds_its_lock_until_the_transition_commits()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Disputes.Persistence.DisputesDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<Disputes.Workflows.Runtime.IWorkflowStore>();
        var chosen = await scope.ServiceProvider.GetRequiredService<IStaffLoads>().ReserveLeastLoadedAsync(["p-a"], [], CancellationToken.None);
        Assert.That(db.Database.CurrentTransaction, Is.Not.Null, "the choice began the transaction of the transition to come");

        // A start that only inserts would otherwise be sent without a transaction of its own.
        var instance = new Disputes.Workflows.Runtime.WorkflowInstance { Id = Guid.NewGuid(), DefinitionId = "staff-loads-test", DefinitionVersion = 1, CreatedAt = app.Clock.GetUtcNow() };
        var changes = new Disputes.Workflows.Runtime.TransitionChanges(instance, null);
        changes.AddedBookmarks.Add(new Disputes.Workflows.Runtime.Bookmark(Guid.NewGuid(), instance.Id, Guid.NewGuid(), "review", "review", null, "reviewer", chosen!.Id, null, app.Clock.GetUtcNow()));
        await store.CommitAsync(changes, CancellationToken.None);
        Assert.That(db.Database.CurrentTransaction, Is.Null, "the workflow store committed it with the transition");
        Assert.That(await CountersAsync(), Is.EquivalentTo(new Dictionary<string, int> { ["p-a"] = 1 }));
    }

    [Test]
    public async Task Several_tasks_chosen_in_one_transaction_count_for_their_holders_before_they_are_written()
    {
        await using var one = await TransactionAsync();
        var chosen = new List<string>();
        for (var i = 0; i < 4; i++) chosen.Add((await one.Loads.ReserveLeastLoadedAsync(["p-a", "p-b"], [], CancellationToken.None))!.Id);
        Assert.That(chosen, Is.EqualTo(new[] { "p-a", "p-b", "p-a", "p-b" }));
        Assert.That(await one.Loads.ReserveLeastLoadedAsync([], [], CancellationToken.None), Is.Null, "nobody eligible");
    }

    [Test]
    public async Task On_SQLite_the_triggers_keep_the_counters_and_the_choice_reads_them()
    {
        await using var sqlite = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var embedded = await TestApp.StartAsync(sqlite);
        var flow = new CaseFlowDriver(embedded);
        var id = await flow.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-as-described", "It is not what the listing showed.");
        await CaseFlowDriver.OkAsync(await flow.PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "It was as described." }));
        var review = (await flow.CaseAsync(id))["openTasks"]!.AsArray().Single()!;
        var holder = review["assignee"]!.GetValue<string>();

        async Task<(Dictionary<string, int> Counters, Dictionary<string, int> Recount)> ReadAsync() => await embedded.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var counters = await ReadLoadsAsync(connection, "SELECT person_id, open_tasks FROM staff_loads WHERE open_tasks <> 0");
            var recount = await ReadLoadsAsync(connection, $"""SELECT "Assignee", count(*) FROM wf_bookmarks WHERE "Assignee" IS NOT NULL AND "Role" IS NOT NULL AND "Role" <> '{ComplaintProcess.PartyRole}' AND "ConsumedAt" IS NULL GROUP BY "Assignee" """);
            return (counters, recount);
        });
        var (counters, recount) = await ReadAsync();
        Assert.That(counters, Is.EquivalentTo(new Dictionary<string, int> { [holder] = 1 }));
        Assert.That(counters, Is.EquivalentTo(recount));

        await CaseFlowDriver.OkAsync(await flow.PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{review["id"]!.GetValue<string>()}/reassign",
            new { assigneeId = holder == "exp-tom" ? "exp-maria" : "exp-tom", reason = "Balancing the queue." }));
        (counters, recount) = await ReadAsync();
        Assert.That(counters, Is.EquivalentTo(new Dictionary<string, int> { [holder == "exp-tom" ? "exp-maria" : "exp-tom"] = 1 }));
        Assert.That(counters, Is.EquivalentTo(recount));

        var second = await flow.FileAsync("buyer-lucia", "ORD-1004", ["ORD-1004-1"], "not-as-described", "It is not what the listing showed.");
        await CaseFlowDriver.OkAsync(await flow.PostAsync("seller-vintagehuis", $"/api/complaints/{second}/settlement/refuse", new { statement = "It was as described." }));
        Assert.That(CaseFlowDriver.AssigneeOf(await flow.CaseAsync(second), ComplaintProcess.Steps.Review), Is.Not.EqualTo(holder == "exp-tom" ? "exp-maria" : "exp-tom"),
            "the one who holds a task is not the least-loaded");
        (counters, recount) = await ReadAsync();
        Assert.That(counters, Is.EquivalentTo(recount));
    }

    private static async Task<Dictionary<string, int>> ReadLoadsAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) result[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>A scope of the service with its own open transaction, as a case action has.</summary>
    private sealed class Open(AsyncServiceScope scope, Disputes.Persistence.DisputesDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public IStaffLoads Loads { get; } = scope.ServiceProvider.GetRequiredService<IStaffLoads>();
        public Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction => transaction;

        /// <summary>Writes an open task held by <paramref name="person"/> in this transaction (the trigger counts it).</summary>
        public Task<int> GiveTaskAsync(string person, Guid? id = null) => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO wf_bookmarks ("Id", "InstanceId", "TokenId", "ActivityId", "Name", "Role", "Assignee", "CreatedAt")
            VALUES ({id ?? Guid.NewGuid()}, {Guid.NewGuid()}, {Guid.NewGuid()}, 'review', 'review', 'reviewer', {person}, now())
            """);

        /// <summary>Closes a task in this transaction, as a transition consuming its bookmark does.</summary>
        public Task<int> ConsumeAsync(Guid id) =>
            db.Database.ExecuteSqlInterpolatedAsync($"UPDATE wf_bookmarks SET \"ConsumedAt\" = now(), \"ConsumedBy\" = 'test' WHERE \"Id\" = {id}");

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await scope.DisposeAsync();
        }
    }

    private async Task<Open> TransactionAsync()
    {
        var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Disputes.Persistence.DisputesDbContext>();
        return new Open(scope, db, await db.Database.BeginTransactionAsync());
    }

    private sealed record Filed(Guid Id, string Seller);

    /// <summary>Files <paramref name="count"/> not-as-described complaints, one item each, by buyers who are not among <paramref name="exceptParties"/>.</summary>
    private async Task<List<Filed>> FileManyAsync(int count, IReadOnlyCollection<string> exceptParties)
    {
        var marketplace = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Reference, "marketplace.local.json")))!;
        var filed = new List<Filed>();
        foreach (var order in marketplace["orders"]!.AsArray())
        {
            var buyer = order!["buyerId"]!.GetValue<string>();
            var seller = order["sellerId"]!.GetValue<string>();
            if (exceptParties.Contains(buyer) || exceptParties.Contains(seller)) continue;
            foreach (var item in order["items"]!.AsArray())
            {
                if (filed.Count == count) return filed;
                var response = await app.ClientAs(buyer).PostAsJsonAsync("/api/complaints", new
                {
                    orderId = order["id"]!.GetValue<string>(), itemIds = new[] { item!["id"]!.GetValue<string>() }, category = "not-as-described",
                    description = "It is not what the listing showed.",
                });
                if (response.StatusCode != HttpStatusCode.Created) continue;
                filed.Add(new Filed(CaseFlowDriver.Id((await response.Content.ReadFromJsonAsync<JsonObject>())!), seller));
            }
        }
        Assert.That(filed, Has.Count.EqualTo(count), "enough orders to file on");
        return filed;
    }

    private async Task<(Guid Id, Guid Task, string Holder)> InReviewAsync(string order, string buyer, string seller)
    {
        var id = await Flow.FileAsync(buyer, order, [order + "-1"], "not-as-described", "It is not what the listing showed.");
        await CaseFlowDriver.OkAsync(await Flow.PostAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It was as described." }));
        var view = await Flow.CaseAsync(id);
        var review = view["openTasks"]!.AsArray().Single(t => t!["step"]!.GetValue<string>() == ComplaintProcess.Steps.Review)!;
        return (id, Guid.Parse(review["id"]!.GetValue<string>()), review["assignee"]!.GetValue<string>());
    }

    /// <summary>The counters equal a recount, and the given people have the given counts.</summary>
    private async Task ExactAsync(string when, Dictionary<string, int> expected)
    {
        var counters = await CountersAsync();
        Assert.That(counters, Is.EquivalentTo(await RecountAsync()), when);
        foreach (var (person, count) in expected) Assert.That(counters.GetValueOrDefault(person), Is.EqualTo(count), $"{when}: {person}");
    }

    /// <summary>The non-zero counters, read as the superuser.</summary>
    private Task<Dictionary<string, int>> CountersAsync() =>
        QueryAsync("SELECT person_id, open_tasks FROM staff_loads WHERE open_tasks <> 0");

    /// <summary>What the counters must equal: the open staff tasks per holder, counted (a party's steps are not assigned by load).</summary>
    private Task<Dictionary<string, int>> RecountAsync() =>
        QueryAsync($"""SELECT "Assignee", count(*)::int FROM wf_bookmarks WHERE "Assignee" IS NOT NULL AND "Role" IS NOT NULL AND "Role" <> '{ComplaintProcess.PartyRole}' AND "ConsumedAt" IS NULL GROUP BY "Assignee" """);

    private async Task<Dictionary<string, int>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) result[reader.GetString(0)] = reader.GetInt32(1);
        return result;
    }
}
