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
        services.AddOptions<ComplaintOptions>().Bind(configuration.GetSection(ComplaintOptions.Section))
            .Validate(o => AtLeastSixMonths(o.AppealWindowRestriction), "Complaints:AppealWindowRestriction must be an ISO 8601 duration of at least six months (DSA Art. 20), e.g. P6M.")
            .Validate(o => o.EmailReplyDays is > 0 and < 100, "Complaints:EmailReplyDays must be between 1 and 99.")
            .ValidateOnStart();
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

    /// <summary>The internal complaint window where DSA Art. 20 applies is at least six months, whatever the configuration says.</summary>
    private static bool AtLeastSixMonths(string? window)
    {
        if (!Disputes.Workflows.Definitions.IsoDuration.TryParse(window, out var duration)) return false;
        var from = new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);
        return duration.AddTo(from) >= from.AddMonths(6);
    }
}
