using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Disputes.Benchmarks;

/// <summary>
/// A stand-in for the marketplace's HTTP API on a loopback port, for the complaint walk: the accounts of
/// reference/marketplace.local.json, and an order per complaint made up on request (<c>BENCH-{n}</c>: one item of
/// 60 EUR, bought by one of the demo buyers from seller-vintagehuis, delivered a week ago). Effects are counted per
/// idempotency key: the first POST is accepted (201), a repeat answers 409 (already applied).
/// </summary>
public sealed class StandInMarketplace : IAsyncDisposable
{
    public static readonly string[] Buyers = ["buyer-emma", "buyer-lucia", "buyer-marco", "buyer-chloe", "buyer-daan", "buyer-jonas", "buyer-wei", "buyer-joao", "buyer-zofia"];
    public const string Seller = "seller-vintagehuis";

    private readonly WebApplication app;

    /// <summary>GETs answered, by what was asked for (orders, accounts, account orders).</summary>
    public ConcurrentDictionary<string, int> Reads { get; } = new();

    /// <summary>Effect POSTs per idempotency key (kind, count).</summary>
    public ConcurrentDictionary<string, (string Kind, int Posts)> Effects { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    private StandInMarketplace(WebApplication app) => this.app = app;

    public static string BuyerOf(int n) => Buyers[n % Buyers.Length];

    public static async Task<StandInMarketplace> StartAsync(string referenceFolder)
    {
        var data = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(referenceFolder, "marketplace.local.json")))!;
        var accounts = data["accounts"]!.AsArray().ToDictionary(a => a!["id"]!.GetValue<string>(), a => a!.ToJsonString());
        // Its own content root: the default, the current directory, is the repository when run from scripts/bench.sh, and
        // the configuration's file watcher (recursive) would then handle every file PostgreSQL writes in a data folder
        // there (.bench/pgdata): a sort spilling to disk made a report "allocate" hundreds of kilobytes in this process.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StandInMarketplace(app);
        var api = app.MapGroup("/api/v2");
        api.MapGet("/orders/{id}", (string id) =>
        {
            stub.Reads.AddOrUpdate("orders", 1, (_, n) => n + 1);
            if (!id.StartsWith("BENCH-", StringComparison.Ordinal) || !int.TryParse(id[6..], out var n)) return Results.NotFound();
            var now = DateTimeOffset.UtcNow;
            var order = new JsonObject
            {
                ["id"] = id, ["buyerId"] = BuyerOf(n), ["sellerId"] = Seller, ["currency"] = "EUR",
                ["placedAt"] = now.AddDays(-12).ToString("O"), ["paidAt"] = now.AddDays(-12).ToString("O"), ["deliveredAt"] = now.AddDays(-7).ToString("O"),
                ["trackingNumber"] = "3SBENCH" + n, ["shipping"] = 5.0,
                ["items"] = new JsonArray(new JsonObject { ["id"] = id + "-1", ["listingId"] = "LST-B" + n, ["title"] = "Table lamp", ["price"] = 60.0 }),
            };
            return Results.Text(order.ToJsonString(), "application/json");
        });
        api.MapGet("/accounts/{id}", (string id) =>
        {
            stub.Reads.AddOrUpdate("accounts", 1, (_, n) => n + 1);
            return accounts.TryGetValue(id, out var a) ? Results.Text(a, "application/json") : Results.NotFound();
        });
        api.MapGet("/accounts/{id}/orders", (string id) => Results.Text("[]", "application/json"));
        api.MapPost("/effects/{kind}", (string kind, HttpRequest request) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            var entry = stub.Effects.AddOrUpdate(key, _ => (kind, 1), (_, e) => (e.Kind, e.Posts + 1));
            return entry.Posts == 1 ? Results.StatusCode(201) : Results.Conflict();
        });
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/v2/");
        return stub;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
