using Disputes.Application.Ports;
using Disputes.Application.Compliance.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Disputes.Application.Compliance;

public static class AuditAndReportingRegistration
{
    /// <summary>Compliance: the audit recorder, statements of reasons and their submission settings.</summary>
    public static IServiceCollection AddDisputesAuditAndReporting(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddScoped<ICaseChangeObserver, RecordCaseChanges>();
        // The workflow store is wrapped twice: a staff task a case's transition opens is assigned in that transition
        // (AssignNewTasks), and transitions of a case's workflow that no person's step caused (timers, cancellation,
        // incident retries) are audited too (RecordWorkflowTransitions).
        if (services.LastOrDefault(d => d.ServiceType == typeof(Disputes.Workflows.Runtime.IWorkflowStore)) is { ImplementationType: { } store })
        {
            services.AddScoped(store);
            services.Replace(ServiceDescriptor.Scoped<Disputes.Workflows.Runtime.IWorkflowStore>(sp => new RecordWorkflowTransitions(
                new Complaints.AssignNewTasks((Disputes.Workflows.Runtime.IWorkflowStore)sp.GetRequiredService(store), sp.GetRequiredService<Complaints.IComplaintRepository>(),
                    sp.GetRequiredService<Complaints.TaskAssigner>(), sp.GetRequiredService<IAuditTrail>()),
                sp.GetRequiredService<IAuditTrail>(), Complaints.ComplaintProcess.DefinitionId)));
        }
        services.AddScoped<ICaseChangeObserver, Statements.IssueStatementsOfReasons>();
        string Reference() => Workflows.WorkflowRegistration.ResolveDefinitionsFolder(configuration["Reference:Path"] ?? "reference", contentRoot);
        services.AddSingleton(_ => Statements.DsaMapping.Load(Reference()));
        services.AddSingleton(_ => Transparency.Art23Labels.Load(Reference()));
        services.AddSingleton(_ => Statements.StatementTexts.Load(Reference()));
        services.AddSingleton<Ports.IClauseTitles>(sp => sp.GetRequiredService<Statements.StatementTexts>());
        services.AddScoped<Ports.IPartyStatements, Statements.PartyStatements>();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section));
        services.AddSingleton<IAuditSigner>(sp => EcdsaAuditSigner.Load(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value, contentRoot));
        services.AddOptions<Statements.DsaOptions>().Bind(configuration.GetSection(Statements.DsaOptions.Section));
        return services;
    }
}
