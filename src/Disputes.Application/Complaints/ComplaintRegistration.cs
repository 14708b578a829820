using Disputes.Application.Complaints.Activities;
using Disputes.Application.Complaints.Effects;
using Disputes.Application.Effects;
using Disputes.Application.Reference;
using Disputes.Application.Workflows;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Application.Complaints;

public static class ComplaintRegistration
{
    /// <summary>The complaint process: its options, reference data, dispute-specific activities and effect handlers.</summary>
    public static IServiceCollection AddDisputesComplaints(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<ComplaintOptions>().Bind(configuration.GetSection(ComplaintOptions.Section));
        services.AddSingleton(_ => ReferenceData.Load(WorkflowRegistration.ResolveDefinitionsFolder(configuration["Reference:Path"] ?? "reference", contentRoot)));
        services.AddSingleton<IActivity, CarryOutDecisionActivity>();
        services.AddSingleton<ICatalogCheck, ComplaintContractCheck>();
        services.AddScoped<CaseSteps>();
        services.AddScoped<TaskAssigner>();
        services.AddScoped<ComplaintNotifications>();
        services.AddScoped<ContactAdvice>();
        services.AddScoped<IEffectHandler, NotificationEffectHandler>();
        services.AddScoped<IEffectHandler, SignpostEffectHandler>();
        services.AddScoped<IEffectHandler, CloseCaseEffectHandler>();
        // A complaint's workflow moves only through the case use cases.
        services.AddSingleton(_ =>
        {
            var guarded = new GuardedDefinitions();
            guarded.Guard(ComplaintProcess.DefinitionId, "Use the case's own endpoints: POST /api/complaints/{id}/... for each step, POST /api/complaints/{id}/cancel to cancel a case, POST /api/complaints/{id}/tasks/{taskId}/reassign to reassign a task.");
            return guarded;
        });
        return services;
    }
}
