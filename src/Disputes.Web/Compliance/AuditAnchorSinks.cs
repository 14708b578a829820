using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Disputes.Application.Compliance.Audit;
using Hangfire;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Web.Compliance;

/// <summary>Anchors as files in a folder (embedded default): one JSON file each, named so that the latest sorts last.</summary>
public sealed class FileAuditAnchorSink(string folder) : IAuditAnchorSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Description => "folder " + folder;

    public async Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var name = $"anchor-{anchor.At.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{anchor.Sequence:D12}.json";
        var temp = Path.Combine(folder, "." + name + "." + Guid.NewGuid().ToString("N") + ".tmp");
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(anchor, Json), cancellationToken);
        File.Move(temp, Path.Combine(folder, name), overwrite: true);
    }

    public async Task<AuditAnchor?> LatestAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder)) return null;
        var latest = Directory.EnumerateFiles(folder, "anchor-*.json").Order(StringComparer.Ordinal).LastOrDefault();
        if (latest is null) return null;
        try
        {
            return JsonSerializer.Deserialize<AuditAnchor>(await File.ReadAllTextAsync(latest, cancellationToken), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The latest audit anchor {latest} is not readable: {ex.Message}", ex);
        }
    }
}

/// <summary>Anchors sent to an HTTP endpoint (production): POST the anchor; GET <c>{endpoint}/latest</c> gives the latest (404: none).</summary>
public sealed class HttpAuditAnchorSink(IHttpClientFactory factory, IOptions<AuditOptions> options) : IAuditAnchorSink
{
    public const string HttpClientName = "audit-anchors";

    private string Endpoint => options.Value.Anchors.Endpoint is { Length: > 0 } e ? e.TrimEnd('/') : throw new InvalidOperationException("Audit:Anchors:Endpoint is not set.");

    public string Description => "endpoint " + options.Value.Anchors.Endpoint;

    public async Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = JsonContent.Create(anchor) };
        Authorize(request);
        using var response = await factory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<AuditAnchor?> LatestAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint + "/latest");
        Authorize(request);
        using var response = await factory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<AuditAnchor>(cancellationToken);
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (options.Value.Anchors.Token is { Length: > 0 } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}

/// <summary>The Hangfire job that writes an anchor (recurring, <c>Audit:Anchors:Schedule</c>, every 5 minutes by default).</summary>
public sealed class AuditAnchorJob(IMediator mediator)
{
    public const string Id = "audit-anchor";

    [DisableConcurrentExecution(600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken) => await mediator.Send(new WriteAuditAnchor(), cancellationToken);
}

public sealed class AuditAnchorSchedule(IRecurringJobManager jobs, IOptions<AuditOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<AuditAnchorJob>(AuditAnchorJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.Anchors.Schedule);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
