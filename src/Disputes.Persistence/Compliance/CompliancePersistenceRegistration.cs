using Disputes.Application.Compliance.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Persistence.Compliance;

public static class CompliancePersistenceRegistration
{
    public static IServiceCollection AddDisputesCompliancePersistence(this IServiceCollection services)
    {
        services.AddScoped<IAuditTrail, EfAuditTrail>();
        services.AddScoped<IAuditLog, EfAuditLog>();
        services.AddScoped<Disputes.Application.Compliance.Exports.IDecisionExportSource, EfDecisionExportSource>();
        services.AddScoped<Disputes.Application.Compliance.Statements.IStatementStore, EfStatementStore>();
        services.AddScoped<Disputes.Application.Compliance.Statements.ILocalDsaSink, EfLocalDsaSink>();
        services.AddScoped<EfComplianceQueries>();
        services.AddScoped<Disputes.Application.Compliance.Transparency.ITransparencyQueries>(s => s.GetRequiredService<EfComplianceQueries>());
        services.AddScoped<Disputes.Application.Compliance.Fairness.IFairnessQueries>(s => s.GetRequiredService<EfComplianceQueries>());
        return services;
    }
}
