using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Activities.Builtin;

/// <summary>
/// A task for a person in a role: <c>"role"</c>, optional <c>"assignee"</c> (literal or <c>$.path</c>),
/// named <c>"outcomes"</c>, and an optional <c>"deadline": {"after": "P7D", "businessDays": false, "outcome": "breached"}</c>.
/// The bookmark is named after the activity id. The person resumes it with <c>{"outcome": "..."}</c> plus any fields;
/// the input is stored in the instance data under the activity id. When the deadline passes first, the task
/// completes with the deadline outcome.
/// </summary>
public sealed class HumanTaskActivity : IActivity
{
    public string Type => "humanTask";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(activity.GetString("role"))) context.Problem(".role", "a 'humanTask' needs a 'role'");
        if (!activity.Properties.ContainsKey("outcomes")) context.Problem(".outcomes", "a 'humanTask' needs named 'outcomes'");
        if (activity.Properties["deadline"] is JsonNode deadline)
        {
            if (deadline is not JsonObject d) { context.Problem(".deadline", "'deadline' must be an object"); return; }
            var business = d["businessDays"] is JsonValue b && b.GetValue<bool>();
            context.RequireDuration(".deadline.after", d["after"]?.GetValue<string>(), business);
            var outcome = d["outcome"]?.GetValue<string>();
            if (outcome is null || !activity.Transitions.Any(t => t.Outcome == outcome))
                context.Problem(".deadline.outcome", $"the deadline outcome '{outcome}' must be one of the task's outcomes");
        }
    }

    public void Execute(ActivityExecutionContext context)
    {
        var a = context.Activity;
        var assignee = context.Resolve(a.Properties["assignee"])?.ToString();
        DateTimeOffset? due = null;
        if (a.Properties["deadline"] is JsonObject d)
        {
            due = IsoDuration.Parse(d["after"]!.GetValue<string>()).AddTo(context.Now, d["businessDays"] is JsonValue b && b.GetValue<bool>());
            context.CreateTimer(due.Value);
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
        context.Data[context.Activity.Id] = context.Input!.DeepClone();
        context.Complete(outcome);
    }

    public void OnTimer(ActivityExecutionContext context, WorkflowTimer timer)
    {
        var outcome = context.Activity.Properties["deadline"]!["outcome"]!.GetValue<string>();
        context.Journal("DeadlinePassed", $"deadline {timer.DueAt:O} passed; outcome '{outcome}'");
        context.Complete(outcome);
    }
}
