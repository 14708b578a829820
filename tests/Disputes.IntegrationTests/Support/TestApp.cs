using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Persistence;
using Disputes.Web;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Disputes.IntegrationTests.Support;

/// <summary>
/// The real service on Kestrel, on a loopback port, against a test database, with a fake clock. The Hangfire
/// server is off unless asked for, so tests drive timers and the outbox through the same use cases the pumps call.
/// Clients: <see cref="Anonymous"/> (no credentials), <see cref="Admin"/> and <see cref="ClientAs"/> (a demo user's
/// bearer token, obtained through the real <c>POST /api/auth/demo-token</c>).
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly WebApplication app;
    private readonly List<HttpClient> clients = [];
    private HttpClient? admin;

    private TestApp(WebApplication app, FakeTimeProvider clock)
    {
        this.app = app;
        Clock = clock;
        BaseAddress = new Uri(app.Urls.First());
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>The anonymous client (<see cref="Anonymous"/>), under its older name.</summary>
    public HttpClient Client => Anonymous;

    /// <summary>A client signed in as the first admin of <c>users.local.json</c>; the helpers below use it.</summary>
    public HttpClient Admin => admin ??= ClientAs(Services.GetRequiredService<IUserDirectory>().InRole(Roles.Admin)[0].Id);

    /// <summary>
    /// A client that sends a bearer token for the demo user <paramref name="userId"/>. The token is fetched through
    /// <c>POST /api/auth/demo-token</c> on the first request (and fails it, naming the user, if the endpoint refuses).
    /// A request that already carries an <c>Authorization</c> header keeps it. Disposed with the app.
    /// </summary>
    public HttpClient ClientAs(string userId)
    {
        var client = new HttpClient(new DemoTokenHandler(BaseAddress, userId)) { BaseAddress = BaseAddress };
        clients.Add(client);
        return client;
    }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => app.Services;

    public static async Task<TestApp> StartAsync(
        TestDatabase database,
        FakeTimeProvider? clock = null,
        Action<IServiceCollection>? services = null,
        Dictionary<string, string?>? settings = null,
        bool migrate = true,
        string environment = "Testing")
    {
        clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>(database.Settings)
        {
            ["Hangfire:ServerEnabled"] = "false",
            ["Demo:Seed"] = "false",
            ["Workflows:DefinitionsPath"] = Repo.Workflows,
            ["Reference:Path"] = Repo.Reference,
            ["Workflows:EffectMaxAttempts"] = "3",
            // Each app keeps its audit anchors apart: verification reads the latest one.
            ["Audit:Anchors:Path"] = Path.Combine(Path.GetTempPath(), "disputes-test-anchors", Guid.NewGuid().ToString("N")),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
            // EF logs as an error the probe of a migrations-history table that does not exist yet in a fresh database.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;

        var app = DisputesApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", environment],
            b => b.Configuration.AddInMemoryCollection(all),
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                services?.Invoke(s);
            });
        if (migrate) await DisputesApp.MigrateAsync(app);
        await app.StartAsync();
        return new TestApp(app, clock);
    }

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>
    /// Seals every audit entry written so far, as the background sealer would (waiting for its lock). The sealer seals
    /// nothing past the oldest transaction running anywhere on the server, so while another test's transaction is open
    /// it goes round again (briefly): every entry of this app's committed actions ends up sealed.
    /// </summary>
    public async Task<Disputes.Application.Compliance.Audit.AuditSealingResult> SealAuditAsync()
    {
        var entries = 0;
        var batches = 0;
        var lags = new List<TimeSpan>();
        for (var round = 0; ; round++)
        {
            var result = await SendAsync(new Disputes.Application.Compliance.Audit.SealAuditTrail(Wait: true, MaxBatches: int.MaxValue));
            entries += result.Entries;
            batches += result.Batches;
            lags.AddRange(result.Lags);
            if (await WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Sequence == null)) is false || round == 300)
                return new Disputes.Application.Compliance.Audit.AuditSealingResult(batches, entries, false, lags);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public async Task<T> WithDbAsync<T>(Func<DisputesDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DisputesDbContext>());
    }

    public async Task<JsonObject> StartInstanceAsync(string definitionId, object? input = null, string? correlationId = null, string? idempotencyKey = null, int? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflow-instances")
        {
            Content = JsonContent.Create(new { definitionId, version, correlationId, input }),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<HttpResponseMessage> ResumeAsync(Guid instanceId, string stimulus, object? input, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-instances/{instanceId}/stimuli/{stimulus}")
        {
            Content = JsonContent.Create(new { input }),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await Admin.SendAsync(request);
    }

    public async Task<JsonObject> GetInstanceAsync(Guid id)
    {
        var body = await Admin.GetStringAsync($"/api/workflow-instances/{id}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        foreach (var client in clients) client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>Adds a demo user's bearer token to every request, fetching it through the real endpoint once.</summary>
internal sealed class DemoTokenHandler(Uri baseAddress, string userId) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (token is not null) return token;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (token is not null) return token;
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "/api/auth/demo-token")) { Content = JsonContent.Create(new { userId }) };
            using var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"No demo token for '{userId}': {(int)response.StatusCode} {body}");
            return token = JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
        }
        finally
        {
            gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) gate.Dispose();
        base.Dispose(disposing);
    }
}
