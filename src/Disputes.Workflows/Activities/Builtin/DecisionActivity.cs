using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Activities.Builtin;

/// <summary>Branches on instance data: the first branch whose <c>"when"</c> holds, else <c>"otherwise"</c>.</summary>
public sealed class DecisionActivity : IActivity
{
    public string Type => "decision";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (activity.Properties["branches"] is not JsonArray branches) { context.Problem(".branches", "a 'decision' needs 'branches'"); return; }
        for (var i = 0; i < branches.Count; i++)
        {
            if (branches[i] is not JsonObject b) { context.Problem($".branches[{i}]", "a decision branch is an object with 'when' and 'next'"); continue; }
            if (Condition.Check(b["when"]) is { } problem) context.Problem($".branches[{i}].when", problem);
        }
        context.RequireOutcome(DefinitionParser.Otherwise, "a 'decision' needs 'otherwise', so that some branch always applies");
    }

    public void Execute(ActivityExecutionContext context)
    {
        var branches = context.Activity.Properties["branches"]!.AsArray();
        for (var i = 0; i < branches.Count; i++)
        {
            if (Condition.Evaluate(branches[i]!["when"], context.Data))
            {
                context.Complete(DefinitionParser.Branch(i));
                return;
            }
        }
        context.Complete(DefinitionParser.Otherwise);
    }
}

/// <summary>Starts every branch in parallel.</summary>
public sealed class ForkActivity : IActivity
{
    public string Type => "fork";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (activity.Properties["branches"] is not JsonArray { Count: >= 2 }) context.Problem(".branches", "a 'fork' needs at least two branches");
    }

    public void Execute(ActivityExecutionContext context) =>
        context.Fork(context.Activity.Transitions.Select(t => t.Outcome).ToList());
}

/// <summary>
/// Joins the branches of the innermost fork. <c>"mode": "all"</c> waits for every inbound branch; <c>"any"</c>
/// continues on the first arrival and cancels the other branches of that fork (their bookmarks and timers).
/// The runtime does the bookkeeping; this type only validates.
/// </summary>
public sealed class JoinActivity : IActivity
{
    public string Type => "join";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        var mode = activity.GetString("mode");
        if (mode is not ("all" or "any")) context.Problem(".mode", "a 'join' needs 'mode': 'all' or 'any'");
        context.RequireOutcome(DefinitionParser.Done, "a 'join' needs 'next'");
    }

    public void Execute(ActivityExecutionContext context) => context.Complete();
}
