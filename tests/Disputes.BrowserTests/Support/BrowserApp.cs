using Disputes.Application.Security;
using Disputes.Web;
using Disputes.Web.Infrastructure.Auth;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Disputes.BrowserTests.Support;

/// <summary>
/// The real service (DisputesApp, the same composition as <c>dotnet run</c>) on Kestrel at a loopback port, on a fresh
/// PostgreSQL database, with a fake clock the tests move. The Hangfire server is off: tests fire timers and run the
/// outbox through the same use cases the pumps call, so nothing waits for real time.
/// </summary>
public sealed class BrowserApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private BrowserApp(WebApplication app, FakeTimeProvider clock, Uri baseAddress)
    {
        this.app = app;
        Clock = clock;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => app.Services;

    public static async Task<BrowserApp> StartAsync(TestDatabase database, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>(database.Settings)
        {
            ["Hangfire:ServerEnabled"] = "false",
            ["Demo:Seed"] = "false",
            ["Workflows:DefinitionsPath"] = Repo.Workflows,
            ["Reference:Path"] = Repo.Reference,
            ["Workflows:EffectMaxAttempts"] = "3",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var app = DisputesApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Testing", "--applicationName", "Disputes.Web"],
            b =>
            {
                b.Configuration.AddInMemoryCollection(all);
                // Outside Development the static web assets (MudBlazor, blazor.web.js) are read from the build's manifest explicitly.
                b.WebHost.UseStaticWebAssets();
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                services?.Invoke(s);
            });
        await DisputesApp.MigrateAsync(app);
        await app.StartAsync();
        var address = app.Urls.First();
        return new BrowserApp(app, clock, new Uri(address));
    }

    /// <summary>Runs use cases as the demo user <paramref name="userId"/>, as the UI does (one scope, that user as the current user).</summary>
    public async Task<T> AsAsync<T>(string userId, Func<IMediator, ValueTask<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = Services.GetRequiredService<IUserDirectory>().Find(userId) ?? throw new ArgumentException($"No demo user {userId}.");
        scope.ServiceProvider.GetRequiredService<UiPrincipal>().User = Services.GetRequiredService<DemoTokenIssuer>().Principal(user, "Test");
        return await action(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    /// <summary>Runs a system command (timers, outbox, assignment) outside any user, as the pumps do.</summary>
    public async Task<T> SystemAsync<T>(ICommand<T> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
