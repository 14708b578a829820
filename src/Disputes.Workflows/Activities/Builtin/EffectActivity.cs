using Disputes.Workflows.Runtime;
using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Activities.Builtin;

/// <summary>
/// A side effect through the outbox: <c>"effect"</c> names the kind (e.g. <c>refund</c>), <c>"payload"</c> maps
/// fields to literals or <c>$.paths</c>. The message is committed with the transition and executed afterwards by
/// a Hangfire job with retries, under an idempotency key.
/// </summary>
public sealed class EffectActivity : IActivity
{
    public string Type => "effect";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(activity.GetString("effect"))) context.Problem(".effect", "an 'effect' activity needs an 'effect' kind");
        if (activity.Properties["payload"] is JsonNode p && p is not JsonObject) context.Problem(".payload", "'payload' must be an object");
        context.RequireOutcome(DefinitionParser.Done, "an 'effect' activity needs 'next'");
    }

    public void Execute(ActivityExecutionContext context)
    {
        var payload = context.Resolve(context.Activity.Properties["payload"]) as JsonObject ?? [];
        var message = context.Send(context.Activity.GetString("effect")!, payload);
        context.Journal(JournalEvents.EffectRecorded, $"{message.Kind} ({message.IdempotencyKey})");
        context.Complete();
    }
}

/// <summary>A notification through the outbox: <c>"template"</c>, recipients <c>"to"</c> and optional <c>"payload"</c>.</summary>
public sealed class NotifyActivity : IActivity
{
    public const string Kind = "notify";

    public string Type => "notify";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(activity.GetString("template"))) context.Problem(".template", "a 'notify' activity needs a 'template'");
        if (activity.Properties["to"] is null) context.Problem(".to", "a 'notify' activity needs recipients in 'to'");
        context.RequireOutcome(DefinitionParser.Done, "a 'notify' activity needs 'next'");
    }

    public void Execute(ActivityExecutionContext context)
    {
        var a = context.Activity;
        var payload = new JsonObject
        {
            ["template"] = a.GetString("template"),
            ["to"] = context.Resolve(a.Properties["to"]),
            ["data"] = context.Resolve(a.Properties["payload"]) ?? new JsonObject(),
        };
        var message = context.Send(Kind, payload);
        context.Journal(JournalEvents.NotificationRecorded, $"{a.GetString("template")} ({message.IdempotencyKey})");
        context.Complete();
    }
}
