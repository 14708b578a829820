using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Disputes.IntegrationTests.Hardening;

/// <summary>
/// Safe retries on PostgreSQL: every state-changing case endpoint takes an Idempotency-Key, a retry gets the first
/// answer and changes nothing, and a database that is away answers 503 with Retry-After, never 500.
/// </summary>
[TestFixture]
public class RetryTests
{
    private TestDatabase database = null!;
    private TestApp app = null!;
    private readonly PauseAfterCommit pause = new();

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(Db.PostgreSql);
        app = await TestApp.StartAsync(database, services: s => s.AddSingleton<IInterceptor>(pause));
    }

    [TearDown]
    public async Task TearDown()
    {
        pause.Release();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string? key, long? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await client.SendAsync(request, cancellationToken);
    }

    private Task<int> CountAuditAsync(Guid id, string action) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.CaseId == id && a.Action == action));

    [Test]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_and_changes_nothing_and_another_request_with_it_gets_422()
    {
        var buyer = app.ClientAs("buyer-chloe");
        var filing = new { orderId = "ORD-1010", itemIds = new[] { "ORD-1010-1" }, category = "damaged", description = "The lamp arrived broken." };
        using var filed = await SendAsync(buyer, "/api/complaints", filing, "file-1");
        var filedBody = await filed.Content.ReadAsStringAsync();
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Created), filedBody);
        using var filedAgain = await SendAsync(buyer, "/api/complaints", filing, "file-1");
        Assert.That((filedAgain.StatusCode, await filedAgain.Content.ReadAsStringAsync(), filedAgain.Headers.Location), Is.EqualTo((HttpStatusCode.Created, filedBody, filed.Headers.Location)));
        Assert.That(filedAgain.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        var id = Guid.Parse(JsonNode.Parse(filedBody)!["id"]!.GetValue<string>());
        var view = await new CaseFlowDriver(app).CaseAsync(id);
        Assert.That(view["messages"]!.AsArray().Count(m => m!["kind"]!.GetValue<string>() == "RepeatFiling"), Is.Zero, "the replay was not a repeat filing");

        var seller = app.ClientAs("seller-vintagehuis");
        using var refused = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It left intact." }, "refuse-1");
        var refusedBody = await refused.Content.ReadAsStringAsync();
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK), refusedBody);
        using var refusedAgain = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It left intact." }, "refuse-1");
        Assert.That((refusedAgain.StatusCode, await refusedAgain.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, refusedBody)));
        Assert.That(await CountAuditAsync(id, "task.completed"), Is.EqualTo(1));

        using var other = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "Something else." }, "refuse-1");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await other.Content.ReadAsStringAsync());
        using var otherPath = await SendAsync(seller, $"/api/complaints/{id}/messages", new { text = "Hello" }, "refuse-1");
        Assert.That(otherPath.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        using var otherUser = await SendAsync(buyer, $"/api/complaints/{id}/messages", new { text = "Hello" }, "refuse-1");
        Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.OK), "keys belong to their user");
        using var badKey = await SendAsync(buyer, $"/api/complaints/{id}/messages", new { text = "Hello" }, "not a key");
        Assert.That(badKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        // A decision: the replay carries the ETag of the first answer.
        await app.SendAsync(new AssignOpenTasks());
        view = await new CaseFlowDriver(app).CaseAsync(id);
        var reviewer = CaseFlowDriver.AssigneeOf(view, "review")!;
        var version = view["version"]!.GetValue<long>();
        var decision = new { outcomes = new object[] { new { kind = "partial-refund", amount = 20.00m, currency = "EUR" } }, clauses = new[] { "BP-4.1" }, facts = "Cracked.", reasons = "Packing." };
        using var decided = await SendAsync(app.ClientAs(reviewer), $"/api/complaints/{id}/decision", decision, "decide-1", version);
        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await decided.Content.ReadAsStringAsync());
        using var decidedAgain = await SendAsync(app.ClientAs(reviewer), $"/api/complaints/{id}/decision", decision, "decide-1", version);
        Assert.That((decidedAgain.StatusCode, decidedAgain.Headers.ETag?.Tag), Is.EqualTo((HttpStatusCode.OK, decided.Headers.ETag?.Tag)), "not a 412: the same request, answered again");
        Assert.That(await app.WithDbAsync(db => db.Decisions.CountAsync(d => d.ComplaintId == id)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_commit_whose_answer_is_lost_is_retried_with_its_key_and_carried_out_once()
    {
        var driver = new CaseFlowDriver(app);
        var id = await driver.FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "The lamp arrived broken.");
        var seller = app.ClientAs("seller-vintagehuis");
        var body = new { statement = "It left intact." };

        // The action commits, then the answer never reaches the client (it gives up waiting).
        pause.Arm();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            Assert.That(async () => await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", body, "refuse-lost", cancellationToken: timeout.Token),
                Throws.InstanceOf<OperationCanceledException>());
        }
        Assert.That(await pause.CommittedAsync(), Is.True, "the refusal committed");

        // A retry while the first request is still finishing is told to wait.
        using var early = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", body, "refuse-lost");
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await early.Content.ReadAsStringAsync());
        Assert.That(early.Headers.RetryAfter, Is.Not.Null);

        pause.Release();
        HttpResponseMessage retry;
        var waited = 0;
        while (true)
        {
            retry = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", body, "refuse-lost");
            if (retry.StatusCode != HttpStatusCode.Conflict || waited++ > 50) break;
            retry.Dispose();
            await Task.Delay(100);
        }
        using (retry)
        {
            var answer = await retry.Content.ReadAsStringAsync();
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer);
            Assert.That(retry.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
            Assert.That(JsonNode.Parse(answer)!["id"]!.GetValue<string>(), Is.EqualTo(id.ToString()));
        }
        Assert.That(await CountAuditAsync(id, "task.completed"), Is.EqualTo(1), "carried out once");
        var view = await driver.CaseAsync(id);
        Assert.That(view["openTasks"]!.AsArray().Select(t => t!["step"]!.GetValue<string>()), Is.EquivalentTo(new[] { "review" }));
    }

    /// <summary>Holds a request with an Idempotency-Key right after its first commit, until released.</summary>
    private sealed class PauseAfterCommit : DbTransactionInterceptor
    {
        private volatile bool armed;
        private readonly TaskCompletionSource<bool> committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim gate = new(0);

        public void Arm() => armed = true;

        public void Release()
        {
            armed = false;
            gate.Release(100);
        }

        public async Task<bool> CommittedAsync() => await committed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (!armed || eventData.Context is not DisputesDbContext { PendingIdempotentRequest.Committed: true }) return;
            armed = false;
            committed.TrySetResult(true);
            await gate.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
    }

    [Test]
    public async Task A_database_that_goes_away_gets_503_with_retry_after_and_the_service_recovers()
    {
        await using var db = await TestDatabase.CreateAsync(Db.PostgreSql);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var proxy = Support.TcpProxy.Start(builder.Host!, builder.Port);
        await using var proxied = await TestApp.StartAsync(db, settings: new() { ["ConnectionStrings:Disputes"] = proxy.Through(db.ConnectionString) });
        var driver = new CaseFlowDriver(proxied);
        var id = await driver.FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "The lamp arrived broken.");

        proxy.Cut();
        var seller = proxied.ClientAs("seller-vintagehuis");
        using var read = await proxied.ClientAs("comp-lena").GetAsync($"/api/complaints/{id}");
        using var write = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It left intact." }, "refuse-503");
        using var file = await proxied.ClientAs("buyer-emma").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-1001", itemIds = new[] { "ORD-1001-1" }, category = "damaged", description = "Broken." });
        foreach (var response in new[] { read, write, file })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), text);
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(text, Does.Not.Contain("127.0.0.1").And.Not.Contain("postgres"), "the database's words stay in the log");
        }

        proxy.Restore();
        using var retried = await SendAsync(seller, $"/api/complaints/{id}/settlement/refuse", new { statement = "It left intact." }, "refuse-503");
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retried.Content.ReadAsStringAsync());
        Assert.That(await proxied.WithDbAsync(d => d.AuditEntries.CountAsync(a => a.CaseId == id && a.Action == "task.completed")), Is.EqualTo(1));
    }

    [Test]
    public async Task Keys_work_the_same_on_sqlite()
    {
        await using var db = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var sqlite = await TestApp.StartAsync(db);
        var filing = new { orderId = "ORD-1010", itemIds = new[] { "ORD-1010-1" }, category = "damaged", description = "The lamp arrived broken." };
        using var first = await SendAsync(sqlite.ClientAs("buyer-chloe"), "/api/complaints", filing, "file-sqlite");
        using var again = await SendAsync(sqlite.ClientAs("buyer-chloe"), "/api/complaints", filing, "file-sqlite");
        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)));
        Assert.That(await again.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        var id = Guid.Parse(JsonNode.Parse(await first.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        using var refused = await SendAsync(sqlite.ClientAs("seller-vintagehuis"), $"/api/complaints/{id}/settlement/refuse", new { statement = "No." }, "refuse-sqlite");
        using var refusedAgain = await SendAsync(sqlite.ClientAs("seller-vintagehuis"), $"/api/complaints/{id}/settlement/refuse", new { statement = "No." }, "refuse-sqlite");
        Assert.That((refused.StatusCode, refusedAgain.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(refusedAgain.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(await sqlite.WithDbAsync(d => d.AuditEntries.CountAsync(a => a.CaseId == id && a.Action == "task.completed")), Is.EqualTo(1));
        var document = JsonNode.Parse(await sqlite.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        var parameters = document["paths"]!["/api/complaints/{id}/decision"]!["post"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.That(parameters, Does.Contain("Idempotency-Key"), "the API reference names the header");
    }

    [Test]
    public void Transient_and_lost_race_errors_are_told_apart()
    {
        Assert.That(DatabaseErrors.IsTransient(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)), Is.True, "SQLite busy");
        Assert.That(DatabaseErrors.IsTransient(new Microsoft.Data.Sqlite.SqliteException("constraint", 19)), Is.False);
        Assert.That(DatabaseErrors.IsTransient(new InvalidOperationException("x", new Npgsql.NpgsqlException("refused", new System.Net.Sockets.SocketException(111)))), Is.True);
    }
}
