using Disputes.Application.Complaints;
using Disputes.Application.Compliance;
using Disputes.Application.Workflows;
using Disputes.Persistence;
using Disputes.Web.Endpoints;
using Disputes.Web.Infrastructure.Integrations;
using Disputes.Web.Infrastructure;
using Disputes.Web.Infrastructure.Auth;
using Disputes.Web.Jobs;
using Disputes.Web.Ui;
using Disputes.Workflows.Definitions;
using Hangfire;
using Hangfire.PostgreSql;
using Scalar.AspNetCore;

namespace Disputes.Web;

/// <summary>The composition root: services, pipeline and start-up steps.</summary>
public static class DisputesApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? overrideServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = ExplicitEnvironment(args) });
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        services.AddSingleton(ClockFactory.Create(configuration, builder.Environment));
        services.AddDisputesPersistence(configuration, contentRoot);
        services.AddDisputesWorkflows(configuration, contentRoot);
        services.AddDisputesComplaints(configuration, contentRoot);
        services.AddDisputesAuditAndReporting(configuration, contentRoot);
        services.AddIntegrations(configuration);
        services.AddDisputesTelemetry(configuration, builder.Environment);
        services.AddMediator((Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(StartWorkflowInstance), typeof(DisputesApp)];
            options.PipelineBehaviors = [typeof(Disputes.Application.Telemetry.TelemetryBehavior<,>)];
        });

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddDisputesAuth(configuration, builder.Environment);
        services.AddDisputesSecurityHeaders(configuration, builder.Environment);
        services.AddOpenApi(o => o.DescribeIdempotencyKeys());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        AddHangfire(services, configuration);
        services.AddDisputesUi();
        overrideServices?.Invoke(services);
        return builder.Build().ConfigurePipeline();
    }

    private static void AddHangfire(IServiceCollection services, IConfiguration configuration)
    {
        var hangfire = configuration.GetSection(HangfireSettings.Section).Get<HangfireSettings>() ?? new HangfireSettings();
        services.AddSingleton(hangfire);
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                config.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)),
                    // With an owner role, the owner's migration creates the schema: the service role could not.
                    new PostgreSqlStorageOptions
                    {
                        QueuePollInterval = hangfire.PollingInterval, SchemaName = "hangfire",
                        PrepareSchemaIfNecessary = string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseOptions.OwnerConnectionStringName)),
                    });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        services.AddDisputesAuditAndReportingWeb(hangfire.ServerEnabled);
        if (hangfire.ServerEnabled)
        {
            // The pumps run inside every Hangfire server; a database lock lets one node at a time drain.
            services.AddSingleton<Hangfire.Server.IBackgroundProcess, TimerPump>();
            services.AddSingleton<Hangfire.Server.IBackgroundProcess, OutboxPump>();
            services.AddSingleton<Hangfire.Server.IBackgroundProcess, AuditSealerPump>();
            services.AddScoped<IdempotencyKeyExpiryJob>();
            services.AddHostedService<IdempotencyKeyExpirySchedule>();
            services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = hangfire.PollingInterval;
                o.WorkerCount = hangfire.WorkerCount;
                o.ServerName = $"disputes-{Environment.MachineName}-{Environment.ProcessId}";
            });
        }
    }

    private static WebApplication ConfigurePipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseDisputesStatusPages();
        IdempotencyFilter.UseIdempotencyKeyBuffering(app);
        app.UseDisputesAuth();
        app.MapDisputesUi();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference", o => o.DisableDefaultFonts()).AllowAnyone().WithSecurityHeadersPolicy(SecurityHeaders.ApiReferencePolicy);
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapHangfireDashboardForAdmins("/hangfire", new DashboardOptions { DashboardTitle = "Disputes jobs" });
        // Every API endpoint's input passes one check (control characters, null list elements, NaN) before it runs.
        var api = app.MapGroup("").AddEndpointFilterFactory(InputGuard.Factory);
        api.MapWorkflowEndpoints();
        api.MapMigrationEndpoints();
        api.MapComplaintEndpoints();
        api.MapCaseInterventionEndpoints();
        api.MapAuditAndReportingEndpoints(app.Environment);
        return app;
    }

    /// <summary>
    /// ASPNETCORE_ENVIRONMENT, when set and not overridden on the command line (<c>--environment</c>), decides the
    /// environment. <c>dotnet run</c>'s launch profile sets only DOTNET_ENVIRONMENT=Development (which the host would
    /// otherwise prefer), so <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c> runs in Production.
    /// </summary>
    private static string? ExplicitEnvironment(string[] args) =>
        args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/environment", StringComparison.OrdinalIgnoreCase))
            ? null
            : Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } name ? name : null;

    /// <summary>A failed start-up: one line on stderr (the innermost useful message), and the exit code 1.</summary>
    public static int StartupFailed(Exception exception)
    {
        var e = exception;
        while (e is System.Reflection.TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"Disputes did not start: {message}");
        return 1;
    }

    /// <summary>
    /// Migrates the database; on PostgreSQL with an owner connection (<c>ConnectionStrings:DisputesOwner</c>) as the
    /// owner, who also creates Hangfire's schema and then grants the service role its rights on the rows.
    /// </summary>
    public static async Task MigrateAsync(WebApplication app)
    {
        await PersistenceRegistration.MigrateAsync(app.Services);
        if (app.Services.GetRequiredService<DatabaseOptions>().Provider != DatabaseProvider.PostgreSql) return;
        var owner = app.Configuration.GetConnectionString(DatabaseOptions.OwnerConnectionStringName);
        if (string.IsNullOrWhiteSpace(owner)) return; // one role: Hangfire prepares its schema itself
        var hangfire = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        _ = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(owner, hangfire), hangfire);
        var service = app.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "";
        if (DatabaseRoles.ServiceRole(service, owner) is { } role)
            await DatabaseRoles.GrantServiceRoleAsync(owner, role, ["public", hangfire.SchemaName]);
    }

    /// <summary>Checks definitions, migrates (unless switched off) and seeds demo data outside Production.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Disputes.Startup");
        try
        {
            var catalog = app.Services.GetRequiredService<WorkflowDefinitionCatalog>();
            // Loading checks every version of the complaint definition against the contract (ComplaintContractCheck).
            logger.LogInformation("Loaded {Count} workflow definition(s): {Definitions}", catalog.All.Count,
                string.Join(", ", catalog.All.Select(d => $"{d.Id} v{d.Version}")));
        }
        catch (WorkflowDefinitionException)
        {
            throw; // Program prints it as the one line of a failed start.
        }
        // Reference data and the local marketplace are checked now, so a bad file stops start-up with its name.
        _ = app.Services.GetRequiredService<Disputes.Application.Reference.ReferenceData>();
        _ = app.Services.GetRequiredService<IMarketplace>();
        // The audit signing key is loaded (or generated) now, so a bad key stops start-up; a new key is worth a warning.
        if (app.Services.GetRequiredService<Disputes.Application.Compliance.Audit.IAuditSigner>() is Disputes.Application.Compliance.Audit.EcdsaAuditSigner { Generated: true } signer && app.Environment.IsProduction())
            logger.LogWarning("Generated a new audit signing key ({KeyId}) in Audit:SigningKeyPath; set Audit:SigningKey (the same on every node) so that tree heads and anchors stay verifiable", signer.KeyId);
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStartup) await MigrateAsync(app);
        if (!app.Environment.IsProduction() && app.Configuration.GetValue("Demo:Seed", true))
            await DemoData.SeedAsync(app.Services, logger);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            logger.LogInformation("Disputes is listening on {Urls} (web UI at /, API reference at /api/reference, health at /health/ready, jobs at /hangfire)", urls);
            Console.WriteLine($"Disputes is listening on: {urls}");
        });
    }
}

/// <summary>Section <c>Hangfire</c>.</summary>
public sealed class HangfireSettings
{
    public const string Section = "Hangfire";

    /// <summary>Run the Hangfire server (and with it the timer and outbox pumps) in this process.</summary>
    public bool ServerEnabled { get; set; } = true;

    /// <summary>How often the server looks for due work: 1 s, not Hangfire's 15 s default, so timers are at most about a second late.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int WorkerCount { get; set; } = 4;
}
