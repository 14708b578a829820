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
    private readonly WebApplication app;
    private readonly StandInMarketplace marketplace;
    private readonly ConcurrentDictionary<string, HttpClient> clients = new();
    private int next;

    public sealed record Result(int Complaints, int Errors, string? FirstError, TimeSpan Elapsed, Dictionary<string, double[]> LatenciesMs, DateTimeOffset StartedAt);

    private ComplaintWalkScenario(WebApplication app, StandInMarketplace marketplace)
    {
        this.app = app;
        this.marketplace = marketplace;
    }

    public IServiceProvider Services => app.Services;
    public StandInMarketplace Marketplace => marketplace;

    public static async Task<ComplaintWalkScenario> StartAsync(string connectionString, string repositoryRoot)
    {
        var marketplace = await StandInMarketplace.StartAsync(Path.Combine(repositoryRoot, "reference"));
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
            ["Hangfire:ServerEnabled"] = "true",
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
        return new ComplaintWalkScenario(app, marketplace);
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

    /// <summary>
    /// Stops the service's Hangfire server (its workers and recurring jobs: the assignment pass, the statement
    /// submission, the anchors; and the timer, outbox and sealer pumps) until the returned handle is disposed, which
    /// starts a new one: whatever the process allocates meanwhile is the requests' own (service and client).
    /// </summary>
    public async Task<IAsyncDisposable> PauseBackgroundAsync()
    {
        var servers = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Hangfire.BackgroundJobServerHostedService>().ToList();
        if (servers.Count == 0) throw new InvalidOperationException("The service runs no Hangfire server to pause.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        foreach (var server in servers) await server.StopAsync(timeout.Token);
        return new BackgroundResumption(servers);
    }

    private sealed class BackgroundResumption(List<Hangfire.BackgroundJobServerHostedService> servers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var server in servers) await server.StartAsync(CancellationToken.None);
        }
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
