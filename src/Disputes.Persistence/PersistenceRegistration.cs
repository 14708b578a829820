using Disputes.Application.Complaints;
using Disputes.Persistence.Complaints;
using Disputes.Persistence.Compliance;
using Disputes.Application.Effects;
using Disputes.Application.Ports;
using Disputes.Persistence.Local;
using Disputes.Persistence.Workflows;
using Disputes.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Persistence;

public static class PersistenceRegistration
{
    private static readonly Idempotency.IdempotencyMarkerInterceptor IdempotencyMarker = new();

    /// <summary>The service's own interceptors, and any registered as <see cref="Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor"/> (tests inject faults this way).</summary>
    private static IEnumerable<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> Interceptors(IServiceProvider services) =>
        [IdempotencyMarker, .. services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()];

    public static IServiceCollection AddDisputesPersistence(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:Disputes is empty.");
            // The service sets no session state, so pooled connections skip Npgsql's DISCARD ALL on reuse: one
            // round trip and one (empty) transaction less per transition. The statements a connection runs again and
            // again are prepared once on it (unless the connection string says otherwise), so PostgreSQL stops
            // parsing and planning them on every use: the whole complaint walk ran 40% more requests per second.
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
            if (!connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 50;
            var pooled = builder.ToString();
            services.AddDbContextPool<DisputesDbContext, PostgresDisputesDbContext>((s, o) => o.UseNpgsql(pooled).AddInterceptors(Interceptors(s)));
            services.AddSingleton<IDistributedLock>(new PostgresAdvisoryLock(connectionString));
        }
        else
        {
            connectionString = SqliteConnectionString(connectionString, contentRoot);
            services.AddDbContextPool<DisputesDbContext, SqliteDisputesDbContext>((s, o) => o.UseSqlite(connectionString).AddInterceptors(Interceptors(s)));
            services.AddSingleton<IDistributedLock, InProcessLock>();
        }

        services.AddScoped<IWorkflowStore, EfWorkflowStore>();
        services.AddScoped<IWorkflowReadModel, EfWorkflowReadModel>();
        services.AddScoped<ITimerQueue, EfTimerQueue>();
        services.AddScoped<IOutbox, EfOutbox>();
        services.AddScoped<IEffectHandler, LocalEffectLedger>();
        services.AddScoped<IComplaintRepository, EfComplaintRepository>();
        services.AddScoped<IUnitOfWork, EfUnitOfWork>();
        services.AddScoped<ITaskBoard, EfTaskBoard>();
        services.AddScoped<IStaffLoads, EfStaffLoads>();
        services.AddScoped<IQueueReads, EfQueueReads>();
        services.AddScoped<ILocalRecords, EfLocalRecords>();
        services.AddScoped<INotificationSender, LocalMailbox>();
        services.AddDisputesAuditAndReportingPersistence();
        services.AddSingleton<IMarketplace>(_ => new LocalMarketplace(Path.Combine(
            Disputes.Application.Workflows.WorkflowRegistration.ResolveDefinitionsFolder(configuration["Reference:Path"] ?? "reference", contentRoot), "marketplace.local.json")));
        return services;
    }

    /// <summary>The default SQLite file lives in <c>data/</c> under the content root; its folder is created.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/disputes.db" : configured);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var owner = configuration.GetConnectionString(DatabaseOptions.OwnerConnectionStringName);
        if (services.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.PostgreSql && !string.IsNullOrWhiteSpace(owner))
        {
            // As the owner: the service role may not change the schema.
            await using var ownerDb = new PostgresDisputesDbContext(new DbContextOptionsBuilder<PostgresDisputesDbContext>().UseNpgsql(owner).Options);
            await ownerDb.Database.MigrateAsync(cancellationToken);
            await Complaints.DecisionProjection.BackfillAsync(ownerDb, cancellationToken);
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers and the single writer work at the same time.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await Complaints.DecisionProjection.BackfillAsync(db, cancellationToken);
    }
}
