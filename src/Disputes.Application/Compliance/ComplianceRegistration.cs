using Disputes.Application.Compliance.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Application.Compliance;

public static class ComplianceRegistration
{
    /// <summary>Compliance (issue 5): the audit recorder, statements of reasons and their submission settings.</summary>
    public static IServiceCollection AddDisputesCompliance(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddScoped<ICaseChangeObserver, RecordCaseChanges>();
        return services;
    }
}
