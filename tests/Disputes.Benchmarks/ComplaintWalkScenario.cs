using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Benchmarks;

/// <summary>
/// (g) The whole complaint over HTTP, through the real service (Kestrel on loopback, authentication, authorization,
/// problem details, the audit trail, Hangfire with the timer, outbox and sealer pumps) on PostgreSQL, with the
/// marketplace a stand-in over HTTP on loopback. Each complaint is four requests: the buyer files, the seller refuses
/// to settle, a lead reads the case (ETag and assignee), the assigned reviewer decides (a partial refund) with If-Match.
/// </summary>
public sealed class ComplaintWalkScenario : IAsyncDisposable
{
    private WebApplication app;
    private readonly StandInMarketplace marketplace;
    private readonly string connectionString;
    private readonly string repositoryRoot;
    private readonly ConcurrentDictionary<string, HttpClient> clients = new();
    private int next;

    public sealed record Result(int Complaints, int Errors, string? FirstError, TimeSpan Elapsed, Dictionary<string, double[]> LatenciesMs, DateTimeOffset StartedAt);

    private ComplaintWalkScenario(WebApplication app, StandInMarketplace marketplace, string connectionString, string repositoryRoot)
    {
        this.app = app;
        this.marketplace = marketplace;
        this.connectionString = connectionString;
        this.repositoryRoot = repositoryRoot;
    }

    public IServiceProvider Services => app.Services;
    public StandInMarketplace Marketplace => marketplace;

    public static async Task<ComplaintWalkScenario> StartAsync(string connectionString, string repositoryRoot, bool hangfireServer = true)
    {
        var marketplace = await StandInMarketplace.StartAsync(Path.Combine(repositoryRoot, "reference"));
        return new ComplaintWalkScenario(await StartAppAsync(connectionString, repositoryRoot, marketplace, hangfireServer), marketplace, connectionString, repositoryRoot);
    }

    /// <summary>
    /// Stops the service and starts it again on the same database and stand-in, with or without its Hangfire server
    /// (its workers, recurring jobs and the timer, outbox and sealer pumps); then waits until the process is at rest.
    /// Without the server, what the process allocates is the requests' own (service and client).
    /// </summary>
    public async Task RestartAsync(bool hangfireServer)
    {
        foreach (var c in clients.Values) c.Dispose();
        clients.Clear();
        await app.StopAsync();
        await app.DisposeAsync();
        app = await StartAppAsync(connectionString, repositoryRoot, marketplace, hangfireServer);
        WaitForRest();
    }

    /// <summary>
    /// Returns once the process allocates less than 64 KB in half a second with no request (at rest it allocates about
    /// 2 KB a second): work a stopped server left running (a background pass over a bulk-loaded backlog) has ended.
    /// </summary>
    public static void WaitForRest()
    {
        var until = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            Thread.Sleep(500);
            if (GC.GetTotalAllocatedBytes(precise: true) - before < 64 * 1024) return;
            if (DateTime.UtcNow > until) throw new InvalidOperationException("The process did not come to rest within 5 minutes.");
        }
    }

    private static async Task<WebApplication> StartAppAsync(string connectionString, string repositoryRoot, StandInMarketplace marketplace, bool hangfireServer)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Disputes"] = connectionString,
            ["Workflows:DefinitionsPath"] = Path.Combine(repositoryRoot, "workflows"),
            ["Reference:Path"] = Path.Combine(repositoryRoot, "reference"),
            ["Marketplace:Mode"] = "Http",
            ["Marketplace:BaseAddress"] = marketplace.BaseAddress.ToString(),
            ["Marketplace:ApiToken"] = "bench-marketplace-token",
            ["Demo:Seed"] = "false",
            ["Hangfire:ServerEnabled"] = hangfireServer ? "true" : "false",
            ["Audit:SigningKeyPath"] = Path.Combine(repositoryRoot, ".bench", "audit-signing-key.pem"),
            // Anchors name one database's chain: each run (a new database) keeps its own.
            ["Audit:Anchors:Path"] = Path.Combine(repositoryRoot, ".bench", "audit-anchors", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture)),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
        };
        var app = DisputesApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Staging",
            // The service's own folder, as in a deployment: the repository root holds the benchmark's PostgreSQL data
            // folder, and the configuration's file watcher would read every write PostgreSQL makes there.
            "--contentRoot", Path.Combine(repositoryRoot, "src", "Disputes.Web")], b => b.Configuration.AddInMemoryCollection(settings));
        await DisputesApp.MigrateAsync(app);
        await app.StartAsync();
        return app;
    }

    private Uri Base => new(app.Urls.First());

    public string BaseUrl => app.Urls.First();

    private async Task<HttpClient> ClientAsync(string user)
    {
        if (clients.TryGetValue(user, out var client)) return client;
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = Base };
        using var response = await client.PostAsJsonAsync("/api/auth/demo-token", new { userId = user });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return clients.GetOrAdd(user, client);
    }

    /// <summary>Walks <paramref name="count"/> complaints on <paramref name="workers"/> clients, each a whole complaint at a time.</summary>
    public async Task<Result> RunAsync(int count, int workers)
    {
        foreach (var user in StandInMarketplace.Buyers.Append(StandInMarketplace.Seller).Append("lead-olga")
                     .Concat(["rev-sam", "rev-ines", "rev-kofi", "exp-maria", "exp-tom", "comp-lena", "admin-ops"]))
            await ClientAsync(user);
        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        void Note(string step, long t0) => latencies.GetOrAdd(step, _ => []).Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
        var startedAt = DateTimeOffset.UtcNow;
        var run = await Parallelism.RunAsync(count, workers, async _ =>
        {
            var n = Interlocked.Increment(ref next);
            var order = "BENCH-" + n;
            var t0 = Stopwatch.GetTimestamp();
            using var filed = await (await ClientAsync(StandInMarketplace.BuyerOf(n))).PostAsJsonAsync("/api/complaints",
                new { orderId = order, itemIds = new[] { order + "-1" }, category = "damaged", description = "The lamp arrived broken." });
            await Expect(filed, 201);
            Note("file", t0);
            var id = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

            t0 = Stopwatch.GetTimestamp();
            using var refused = await (await ClientAsync(StandInMarketplace.Seller)).PostAsJsonAsync($"/api/complaints/{id}/settlement/refuse", new { });
            await Expect(refused, 200);
            Note("refuse", t0);

            t0 = Stopwatch.GetTimestamp();
            using var read = await (await ClientAsync("lead-olga")).GetAsync($"/api/complaints/{id}");
            await Expect(read, 200);
            Note("read", t0);
            var view = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
            var assignee = view["openTasks"]!.AsArray().Select(t => t!["assignee"]?.GetValue<string>()).FirstOrDefault(a => a is not null)
                ?? throw new InvalidOperationException($"case {id}: the review is not assigned");

            t0 = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{id}/decision")
            {
                Content = JsonContent.Create(new
                {
                    outcomes = new[] { new { kind = "partial-refund", amount = 20, currency = "EUR" } }, clauses = new[] { "BP-4.1" },
                    facts = "Photos show a cracked shade.", reasons = "Inadequate packing.",
                }),
            };
            request.Headers.IfMatch.Add(read.Headers.ETag!);
            using var decided = await (await ClientAsync(assignee)).SendAsync(request);
            await Expect(decided, 200);
            Note("decide", t0);
        });
        return new Result(count, run.Errors, run.FirstError, run.Elapsed, latencies.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), startedAt);
    }

    private static async Task Expect(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in clients.Values) c.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await marketplace.DisposeAsync();
    }
}
