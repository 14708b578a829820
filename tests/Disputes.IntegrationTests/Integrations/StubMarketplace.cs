using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disputes.IntegrationTests.Integrations;

/// <summary>
/// A stand-in for the marketplace's HTTP API (an edge we do not own), on a loopback port: it serves the orders and
/// accounts of reference/marketplace.local.json and records effect POSTs. It can be told to fail.
/// </summary>
public sealed class StubMarketplace : IAsyncDisposable
{
    private readonly WebApplication app;

    public ConcurrentQueue<(string Kind, string Key, string Body, string? Authorization)> Effects { get; } = new();
    public ConcurrentDictionary<string, int> EffectFailuresLeft { get; } = new();
    public bool OrdersDown { get; set; }
    public Uri BaseAddress { get; private set; } = null!;

    private StubMarketplace(WebApplication app) => this.app = app;

    public static async Task<StubMarketplace> StartAsync()
    {
        var data = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Reference, "marketplace.local.json")))!;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubMarketplace(app);
        var api = app.MapGroup("/api/v2");
        api.MapGet("/orders/{id}", (string id) =>
            stub.OrdersDown ? Results.StatusCode(502)
            : data["orders"]!.AsArray().FirstOrDefault(o => o!["id"]!.GetValue<string>() == id) is { } order ? Results.Text(order.ToJsonString(), "application/json") : Results.NotFound());
        api.MapGet("/accounts/{id}", (string id) =>
            data["accounts"]!.AsArray().FirstOrDefault(a => a!["id"]!.GetValue<string>() == id) is { } account ? Results.Text(account.ToJsonString(), "application/json") : Results.NotFound());
        api.MapGet("/accounts/{id}/orders", (string id) =>
            Results.Text(new JsonArray(data["orders"]!.AsArray().Where(o => o!["buyerId"]!.GetValue<string>() == id || o["sellerId"]!.GetValue<string>() == id).Select(o => o!.DeepClone()).ToArray()).ToJsonString(), "application/json"));
        api.MapPost("/effects/{kind}", async (string kind, HttpRequest request) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            if (stub.EffectFailuresLeft.TryGetValue(kind, out var left) && left > 0)
            {
                stub.EffectFailuresLeft[kind] = left - 1;
                return Results.StatusCode(503);
            }
            if (stub.Effects.Any(e => e.Key == key)) return Results.Conflict();
            using var reader = new StreamReader(request.Body);
            stub.Effects.Enqueue((kind, key, await reader.ReadToEndAsync(), request.Headers.Authorization.ToString()));
            return Results.StatusCode(201);
        });
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/v2/");
        return stub;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
