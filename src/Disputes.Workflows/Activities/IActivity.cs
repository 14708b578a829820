using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Activities;

/// <summary>
/// An activity type. Built-in types live in this folder; the application registers further types in code.
/// An activity either completes with an outcome (control moves on), or creates bookmarks and/or timers and
/// waits; it is then called again when a stimulus or timer arrives.
/// </summary>
public interface IActivity
{
    /// <summary>The <c>type</c> used in definition files.</summary>
    string Type { get; }

    /// <summary>Checks the activity's settings; reports problems with JSON paths.</summary>
    void Validate(ActivityDefinition activity, ActivityValidationContext context) { }

    void Execute(ActivityExecutionContext context);

    /// <summary>A stimulus arrived on one of this activity's bookmarks.</summary>
    void OnBookmark(ActivityExecutionContext context, Bookmark bookmark) => context.Complete();

    /// <summary>One of this activity's timers fell due.</summary>
    void OnTimer(ActivityExecutionContext context, WorkflowTimer timer) => context.Complete();
}

public sealed class ActivityValidationContext(WorkflowDefinition definition, ActivityDefinition activity, List<DefinitionProblem> problems)
{
    public WorkflowDefinition Definition { get; } = definition;

    public void Problem(string relativePath, string message) =>
        problems.Add(new DefinitionProblem(Definition.Source, activity.JsonPath + relativePath, message));

    public void RequireOutcome(string outcome, string why)
    {
        if (!activity.Transitions.Any(t => t.Outcome == outcome)) Problem("", why);
    }

    public void ForbidTransitions(string why)
    {
        if (activity.Transitions.Count > 0) Problem("", why);
    }

    /// <summary>Checks an ISO 8601 duration property; returns it when valid.</summary>
    public IsoDuration? RequireDuration(string relativePath, string? text, bool businessDays)
    {
        if (!IsoDuration.TryParse(text, out var d))
        {
            Problem(relativePath, $"'{text}' is not a valid ISO 8601 duration (e.g. P3D, PT12H)");
            return null;
        }
        if (businessDays && !d.IsDaysOnly)
        {
            Problem(relativePath, $"'{text}': business-day durations may only contain days or weeks");
            return null;
        }
        return d;
    }
}
