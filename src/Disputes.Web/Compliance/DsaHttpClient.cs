using System.Net.Http.Headers;
using System.Text;
using Disputes.Application.Compliance.Statements;
using Hangfire;
using Mediator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Disputes.Web.Compliance;

/// <summary>The bearer token of the local Transparency Database sink: <c>Dsa:Token</c>, or random per process.</summary>
public sealed class LocalDsaSinkSettings(IOptions<DsaOptions> options)
{
    public string Token { get; } = string.IsNullOrWhiteSpace(options.Value.Token) ? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) : options.Value.Token;
}

/// <summary>
/// Posts statements to <c>{Dsa:Endpoint}/statements</c> with <c>Authorization: Bearer {Dsa:Token}</c>. Without an
/// endpoint (the embedded default, never in Production) it posts over HTTP to this service's own local sink.
/// </summary>
public sealed class DsaHttpClient(IHttpClientFactory factory, IOptions<DsaOptions> options, LocalDsaSinkSettings local, IServer server, IHostEnvironment environment)
    : IDsaTransparencyClient
{
    public const string HttpClientName = "dsa-transparency";
    public const string LocalSinkPath = "/local/dsa-transparency/api/v1";

    public async Task<DsaResponse> SubmitAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var (endpoint, token) = Target();
        var body = "{\"statements\":[" + string.Join(",", statements) + "]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.TrimEnd('/') + "/statements") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await factory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return new DsaResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<bool?> ExistsAsync(string puid, CancellationToken cancellationToken)
    {
        var (endpoint, token) = Target();
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.TrimEnd('/') + "/statement/existing-puid/" + Uri.EscapeDataString(puid));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await factory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode switch { 302 => true, 404 => false, _ => null };
    }

    private (string Endpoint, string Token) Target()
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
            return (settings.Endpoint, settings.Token ?? throw new InvalidOperationException("Dsa:Token is required with Dsa:Endpoint."));
        if (environment.IsProduction()) throw new InvalidOperationException("Dsa:Endpoint is not set: statements of reasons cannot be submitted.");
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The service has no listening address for its local DSA sink.");
        address = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        return (address.TrimEnd('/') + LocalSinkPath, local.Token);
    }
}

/// <summary>The Hangfire job that submits statements of reasons (recurring, <c>Dsa:Schedule</c>, every minute by default).</summary>
public sealed class StatementSubmissionJob(IMediator mediator)
{
    public const string Id = "dsa-statement-submission";

    [DisableConcurrentExecution(600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken) => await mediator.Send(new SubmitStatements(), cancellationToken);
}

/// <summary>Registers the recurring submission job with Hangfire when this process runs a Hangfire server.</summary>
public sealed class StatementSubmissionSchedule(IRecurringJobManager jobs, IOptions<DsaOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<StatementSubmissionJob>(StatementSubmissionJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.Schedule);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
