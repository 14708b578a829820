using Disputes.Application.Ports;
using Disputes.Application.Compliance.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Persistence.Compliance;

public static class AuditAndReportingPersistenceRegistration
{
    public static IServiceCollection AddDisputesAuditAndReportingPersistence(this IServiceCollection services)
    {
        services.AddScoped<IAuditTrail, EfAuditTrail>();
        services.AddScoped<IAuditLog, EfAuditLog>();
        services.AddScoped<IAuditSealing, EfAuditSealing>();
        services.AddScoped<Disputes.Application.Compliance.Exports.IDecisionExportSource, EfDecisionExportSource>();
        services.AddScoped<Disputes.Application.Compliance.Statements.IStatementStore, EfStatementStore>();
        services.AddScoped<Disputes.Application.Compliance.Statements.ILocalDsaSink, EfLocalDsaSink>();
        services.AddScoped<EfTransparencyAndFairnessQueries>();
        services.AddScoped<Disputes.Application.Compliance.Transparency.ITransparencyQueries>(s => s.GetRequiredService<EfTransparencyAndFairnessQueries>());
        services.AddScoped<Disputes.Application.Compliance.Fairness.IFairnessQueries>(s => s.GetRequiredService<EfTransparencyAndFairnessQueries>());
        return services;
    }
}
