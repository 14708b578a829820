using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Effects;
using Disputes.Application.Workflows;
using Disputes.Persistence;
using Disputes.Web;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests;

/// <summary>Incidents, retries, pinned versions and start-up checks, on both providers.</summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class OperationsTests(Db provider)
{
    private const string FlakyDefinition = """
        { "id": "flaky-flow", "version": 1, "activities": [
          { "id": "start", "type": "start", "next": "call" },
          { "id": "call", "type": "flaky", "next": "pay" },
          { "id": "pay", "type": "effect", "effect": "unreliable-payment", "payload": { "orderId": "$.orderId" }, "next": "done" },
          { "id": "done", "type": "end" } ] }
        """;

    /// <summary>A test activity type registered in code, as an application would register its own types.</summary>
    private sealed class Flaky : IActivity
    {
        public volatile bool Broken = true;
        public string Type => "flaky";
        public void Execute(ActivityExecutionContext context)
        {
            if (Broken) throw new InvalidOperationException("order service timed out");
            context.Complete();
        }
    }

    /// <summary>A marketplace port that fails until repaired (the edge we do not own).</summary>
    private sealed class UnreliablePayments : IEffectHandler
    {
        public volatile bool Broken = true;
        public int Calls;
        public IReadOnlyCollection<string> Kinds => ["unreliable-payment"];
        public Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Broken ? throw new HttpRequestException("payments API answered 503") : Task.CompletedTask;
        }
    }

    [Test]
    public async Task A_throwing_activity_and_a_failing_effect_become_incidents_an_operator_can_retry()
    {
        var flaky = new Flaky();
        var payments = new UnreliablePayments();
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database,
            services: s => { s.AddSingleton<IActivity>(flaky); s.AddSingleton<IEffectHandler>(payments); },
            settings: new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("flaky.json", FlakyDefinition)) });

        var started = await app.StartInstanceAsync("flaky-flow", new { orderId = "f-1" });
        var id = Guid.Parse(started["instanceId"]!.GetValue<string>());
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("Faulted"));
        var incident = (await app.GetInstanceAsync(id))["incidents"]!.AsArray().Single()!;
        Assert.That(incident["message"]!.GetValue<string>(), Is.EqualTo("order service timed out"));

        using (var stillBroken = await app.Admin.PostAsync($"/api/incidents/{incident["id"]}/retry", null))
            Assert.That((await stillBroken.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>(), Is.EqualTo("Faulted"));

        flaky.Broken = false;
        var open = (await app.GetInstanceAsync(id))["incidents"]!.AsArray().Single(i => i!["resolvedAt"] is null)!;
        using (var retried = await app.Admin.PostAsync($"/api/incidents/{open["id"]}/retry", null))
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retried.Content.ReadAsStringAsync());
            Assert.That((await retried.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>(), Is.EqualTo("Finished"));
        }
        using (var twice = await app.Admin.PostAsync($"/api/incidents/{open["id"]}/retry", null))
            Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        // The effect fails, is retried with a growing delay, then becomes an incident after 3 attempts.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await app.SendAsync(new DispatchOutbox());
            app.Clock.Advance(TimeSpan.FromMinutes(5));
        }
        Assert.That(payments.Calls, Is.EqualTo(3));
        var effectIncident = (await app.GetInstanceAsync(id))["incidents"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == "effect")!;
        Assert.That(effectIncident["message"]!.GetValue<string>(), Does.Contain("payments API answered 503"));

        payments.Broken = false;
        using (var retried = await app.Admin.PostAsync($"/api/incidents/{effectIncident["id"]}/retry", null))
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await app.SendAsync(new DispatchOutbox())).Done, Is.EqualTo(1));
        var outbox = (await app.GetInstanceAsync(id))["outbox"]!.AsArray().Single()!;
        Assert.That(outbox["status"]!.GetValue<string>(), Is.EqualTo("done"));

        using var unknown = await app.Admin.PostAsync($"/api/incidents/{Guid.NewGuid()}/retry", null);
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Instances_stay_on_the_version_they_started_with_after_a_new_version_is_published()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        const string v1 = """
            { "id": "pinned", "version": 1, "activities": [
              { "id": "start", "type": "start", "next": "first-review" },
              { "id": "first-review", "type": "humanTask", "role": "Reviewer", "outcomes": { "done": "end" } },
              { "id": "end", "type": "end" } ] }
            """;
        var v2 = v1.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal).Replace("first-review", "second-review", StringComparison.Ordinal);

        Guid onV1;
        await using (var before = await TestApp.StartAsync(database, settings: new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("pinned.v1.json", v1)) }))
            onV1 = Guid.Parse((await before.StartInstanceAsync("pinned"))["instanceId"]!.GetValue<string>());

        await using var after = await TestApp.StartAsync(database,
            settings: new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("pinned.v1.json", v1), ("pinned.v2.json", v2)) });
        var onV2 = await after.StartInstanceAsync("pinned");
        Assert.That(onV2["definitionVersion"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(onV2["currentActivities"]![0]!.GetValue<string>(), Is.EqualTo("second-review"));

        using var resumed = await after.ResumeAsync(onV1, "first-review", new { outcome = "done" });
        Assert.That(resumed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resumed.Content.ReadAsStringAsync());
        var result = await resumed.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((result!["definitionVersion"]!.GetValue<int>(), result["status"]!.GetValue<string>()), Is.EqualTo((1, "Finished")));
    }

    [Test]
    public async Task An_invalid_definition_stops_start_up_naming_the_file_path_and_problem()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = Repo.WorkflowsWith(("broken.json", """{ "id": "broken", "version": 1, "activities": [ { "id": "start", "type": "start", "next": "nowhere" }, { "id": "done", "type": "end" } ] }"""));
        var app = DisputesApp.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(database.Settings)
        {
            ["Workflows:DefinitionsPath"] = folder, ["Hangfire:ServerEnabled"] = "false",
        }));
        var ex = Assert.ThrowsAsync<WorkflowDefinitionException>(() => DisputesApp.PrepareAsync(app));
        Assert.That(ex!.Message, Does.Contain("broken.json: $.activities[0].next: transition to missing activity 'nowhere'"));
        await app.DisposeAsync();
    }

    [Test]
    public async Task The_model_has_no_pending_changes_for_this_provider()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.That(pending, Is.False, "run `dotnet ef migrations add` for both contexts (see README)");
        var applied = await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());
        Assert.That(applied, Is.Empty);
    }
}

/// <summary>Checks that do not depend on the provider.</summary>
public class HostTests
{
    [Test]
    public async Task Ready_is_503_while_the_database_is_unreachable_and_live_stays_200()
    {
        var unreachable = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Disputes"] = "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2",
            ["Hangfire:ServerEnabled"] = "false",
            ["Workflows:DefinitionsPath"] = Repo.Workflows,
        };
        var app = DisputesApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(unreachable),
            s =>
            {
                // Hangfire's log provider is static and still points at the logger factory of the last app a test
                // disposed; the in-memory storage would log through it while being built.
                Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
                s.AddSingleton<Hangfire.JobStorage>(new Hangfire.InMemory.InMemoryStorage());
            });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            Assert.That((await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Test]
    public void Both_providers_have_checked_in_migrations_matching_the_model()
    {
        using var pg = new PostgresDesignTimeFactory().CreateDbContext([]);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.That(pg.Database.GetMigrations(), Is.Not.Empty);
        Assert.That(sqlite.Database.GetMigrations(), Is.Not.Empty);
        Assert.That(pg.Database.HasPendingModelChanges(), Is.False, "PostgreSQL model changed: add a migration");
        Assert.That(sqlite.Database.HasPendingModelChanges(), Is.False, "SQLite model changed: add a migration");
    }
}
