using Disputes.Workflows.Runtime;
using System.Text.Json.Nodes;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;

namespace Disputes.Application.Complaints.Activities;

/// <summary>
/// Dispute-specific: records each effect a decision planned (<c>"effects": "$.path"</c> to an array of
/// <c>{"kind", "data"}</c>) in the transition's outbox, where Hangfire runs it through the marketplace port with
/// an idempotency key and retries. An empty list (e.g. no-action) records nothing.
/// </summary>
public sealed class CarryOutDecisionActivity : IActivity
{
    public string Type => "carryOutDecision";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (!DataPath.IsPath(activity.GetString("effects"))) context.Problem(".effects", "'effects' must be a $.path to the planned effects");
        context.RequireOutcome(DefinitionParser.Done, "a 'carryOutDecision' activity needs 'next'");
    }

    public void Execute(ActivityExecutionContext context)
    {
        var effects = context.Resolve(context.Activity.Properties["effects"]) as JsonArray ?? [];
        foreach (var effect in effects.OfType<JsonObject>())
        {
            var kind = effect["kind"]?.GetValue<string>() ?? throw new InvalidOperationException("A planned effect has no 'kind'.");
            var message = context.Send(kind, effect["data"] as JsonObject ?? []);
            context.Journal(JournalEvents.EffectRecorded, $"{kind} ({message.IdempotencyKey})");
        }
        context.Complete();
    }
}
