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
        services.AddScoped<ICaseChangeObserver, Statements.IssueStatementsOfReasons>();
        string Reference() => Workflows.WorkflowRegistration.ResolveDefinitionsFolder(configuration["Reference:Path"] ?? "reference", contentRoot);
        services.AddSingleton(_ => Statements.DsaMapping.Load(Reference()));
        services.AddSingleton(_ => Statements.StatementTexts.Load(Reference()));
        services.AddOptions<Statements.DsaOptions>().Bind(configuration.GetSection(Statements.DsaOptions.Section));
        return services;
    }
}
