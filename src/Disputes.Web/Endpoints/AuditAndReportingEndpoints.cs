using Disputes.Application.Compliance.Statements;
using Disputes.Web.Compliance;

namespace Disputes.Web.Endpoints;

/// <summary>Issue 5: every compliance endpoint group, mapped from one place.</summary>
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
        return services;
    }
}
