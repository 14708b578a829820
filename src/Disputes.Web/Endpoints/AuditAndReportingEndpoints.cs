using Disputes.Application.Compliance.Audit;
using Disputes.Application.Compliance.Statements;
using Disputes.Web.Compliance;

namespace Disputes.Web.Endpoints;

/// <summary>Every compliance endpoint group, mapped from one place.</summary>
public static class AuditAndReportingEndpoints
{
    public static void MapAuditAndReportingEndpoints(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        app.MapAuditEndpoints();
        app.MapStatementEndpoints(environment);
        app.MapTransparencyEndpoints();
        app.MapExportEndpoints();
    }
}

/// <summary>Compliance services of the composition root: the Transparency Database client and the submission job.</summary>
public static class AuditAndReportingWebRegistration
{
    public static IServiceCollection AddDisputesAuditAndReportingWeb(this IServiceCollection services, bool hangfireServer)
    {
        // 302 from existing-puid is the answer itself, not a redirect to follow.
        services.AddHttpClient(DsaHttpClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<LocalDsaSinkSettings>();
        services.AddScoped<IDsaTransparencyClient, DsaHttpClient>();
        services.AddScoped<StatementSubmissionJob>();
        if (hangfireServer) services.AddHostedService<StatementSubmissionSchedule>();
        // Audit anchors: written outside the database by a recurring job, read back by verification.
        services.AddHttpClient(HttpAuditAnchorSink.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IAuditAnchorSink>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>();
            var anchors = options.Value.Anchors;
            if (string.Equals(anchors.Sink, "Http", StringComparison.OrdinalIgnoreCase))
                return new HttpAuditAnchorSink(sp.GetRequiredService<IHttpClientFactory>(), options);
            if (!string.Equals(anchors.Sink, "File", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"Audit:Anchors:Sink '{anchors.Sink}' is neither File nor Http.");
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new FileAuditAnchorSink(Path.IsPathRooted(anchors.Path) ? anchors.Path : Path.Combine(root, anchors.Path));
        });
        services.AddScoped<AuditAnchorJob>();
        if (hangfireServer) services.AddHostedService<AuditAnchorSchedule>();
        return services;
    }
}
