using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Activities.Builtin;

/// <summary>
/// A task for a person in a role: <c>"role"</c>, optional <c>"assignee"</c> (literal or <c>$.path</c>), named
/// <c>"outcomes"</c>, an optional <c>"deadline": {"after": "P7D", "businessDays": false, "outcome": "breached", "notify": true}</c>
/// and an optional <c>"warning": {"after": "P5D"}</c> before it. Durations may be <c>$.paths</c> with a
/// <c>"default"</c> (see <see cref="DurationSetting"/>).
/// The bookmark is named after the activity id. The person resumes it with <c>{"outcome": "..."}</c> plus any fields;
/// the input is stored in the instance data under <c>"output"</c> (default: the activity id). When the warning time
/// passes, the task journals it and notifies the assignee (or the role) through the outbox, and keeps waiting; when
/// the deadline passes first, the task completes with the deadline outcome.
/// </summary>
public sealed class HumanTaskActivity : IActivity
{
    public const string WarningTemplate = "task-deadline-warning";
    public const string BreachTemplate = "task-deadline-breached";

    /// <summary>Recipient prefixes of notifications: the holder of a task, everyone in a role.</summary>
    public const string TaskRecipient = "task:";
    public const string RoleRecipient = "role:";

    public string Type => "humanTask";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(activity.GetString("role"))) context.Problem(".role", "a 'humanTask' needs a 'role'");
        if (!activity.Properties.ContainsKey("outcomes")) context.Problem(".outcomes", "a 'humanTask' needs named 'outcomes'");
        var business = false;
        if (activity.Properties["deadline"] is JsonNode deadline)
        {
            if (deadline is not JsonObject d) { context.Problem(".deadline", "'deadline' must be an object"); return; }
            business = d["businessDays"] is JsonValue b && b.GetValue<bool>();
            DurationSetting.Validate(d, "after", "default", ".deadline", business, context);
            var outcome = d["outcome"]?.GetValue<string>();
            if (outcome is null || !activity.Transitions.Any(t => t.Outcome == outcome))
                context.Problem(".deadline.outcome", $"the deadline outcome '{outcome}' must be one of the task's outcomes");
        }
        if (activity.Properties["warning"] is JsonNode warning)
        {
            if (warning is not JsonObject w || activity.Properties["deadline"] is null)
                context.Problem(".warning", "'warning' must be an object, and needs a 'deadline' after it");
            else DurationSetting.Validate(w, "after", "default", ".warning", business, context);
        }
    }

    public void Execute(ActivityExecutionContext context)
    {
        var a = context.Activity;
        var assignee = context.Resolve(a.Properties["assignee"])?.ToString();
        DateTimeOffset? due = null;
        if (a.Properties["deadline"] is JsonObject d)
        {
            var business = d["businessDays"] is JsonValue b && b.GetValue<bool>();
            due = DurationSetting.Resolve(d, "after", "default", context.Data).AddTo(context.Now, business);
            context.CreateTimer(due.Value);
            if (a.Properties["warning"] is JsonObject w)
            {
                var warnAt = DurationSetting.Resolve(w, "after", "default", context.Data).AddTo(context.Now, business);
                if (warnAt < due.Value) context.CreateTimer(warnAt);
            }
        }
        context.CreateBookmark(a.Id, a.GetString("role"), string.IsNullOrEmpty(assignee) ? null : assignee, due);
    }

    public void OnBookmark(ActivityExecutionContext context, Bookmark bookmark)
    {
        var outcome = context.Input?["outcome"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var allowed = context.Activity.Transitions.Select(t => t.Outcome).Distinct().ToList();
        if (outcome is null || !allowed.Contains(outcome))
            throw new InvalidStimulusException(
                $"Task '{context.Activity.Id}' needs an 'outcome', one of: {string.Join(", ", allowed)} (got '{outcome ?? "nothing"}').");
        context.Data[context.Activity.GetString("output") ?? context.Activity.Id] = context.Input!.DeepClone();
        context.Complete(outcome);
    }

    public void OnTimer(ActivityExecutionContext context, WorkflowTimer timer)
    {
        var task = context.Token.BookmarkIds.Count > 0 ? context.Token.BookmarkIds[0] : (Guid?)null;
        if (context.Token.TimerIds.Count > 0 && context.Token.BookmarkIds.Count > 0)
        {
            // The warning always falls before the deadline, so while the deadline timer still waits this was the warning.
            context.Journal(JournalEvents.DeadlineWarning, $"warning time {timer.DueAt:O} passed; the task is still open");
            Notify(context, WarningTemplate, task);
            return;
        }
        var outcome = context.Activity.Properties["deadline"]!["outcome"]!.GetValue<string>();
        context.Journal(JournalEvents.DeadlinePassed, $"deadline {timer.DueAt:O} passed; outcome '{outcome}'");
        if (context.Activity.Properties["deadline"]!["notify"] is JsonValue notify && notify.GetValue<bool>()) Notify(context, BreachTemplate, task);
        context.Complete(outcome);
    }

    /// <summary>
    /// Tells whoever holds the task when the message is delivered (<c>task:&lt;bookmark id&gt;</c>): the assignee a
    /// claim or an assignment gave it, else everyone in its role. The definition's <c>assignee</c> is only the first holder.
    /// </summary>
    private static void Notify(ActivityExecutionContext context, string template, Guid? task) =>
        context.Send(NotifyActivity.Kind, new JsonObject
        {
            ["template"] = template,
            ["to"] = new JsonArray(task is { } id ? TaskRecipient + id : RoleRecipient + context.Activity.GetString("role")),
            ["data"] = new JsonObject { ["activity"] = context.Activity.Id, ["correlationId"] = context.CorrelationId, ["taskId"] = task?.ToString() },
        });
}
