using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Activities.Builtin;

/// <summary>Waits for the named stimulus <c>"signal"</c>; its input is stored in the instance data under the activity id.</summary>
public sealed class SignalActivity : IActivity
{
    public string Type => "signal";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(activity.GetString("signal"))) context.Problem(".signal", "a 'signal' activity needs a 'signal' name");
        context.RequireOutcome(DefinitionParser.Done, "a 'signal' activity needs 'next'");
    }

    public void Execute(ActivityExecutionContext context) => context.CreateBookmark(context.Activity.GetString("signal")!);

    public void OnBookmark(ActivityExecutionContext context, Bookmark bookmark)
    {
        if (context.Input is not null) context.Data[context.Activity.Id] = context.Input.DeepClone();
        context.Complete();
    }
}

/// <summary>
/// Waits for an ISO 8601 <c>"duration"</c>, optionally counted in <c>"businessDays"</c>. The duration may be a
/// <c>$.path</c> into the instance data with a literal <c>"default"</c> (see <see cref="DurationSetting"/>).
/// </summary>
public sealed class TimerActivity : IActivity
{
    public string Type => "timer";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context)
    {
        DurationSetting.Validate(activity.Properties, "duration", "default", "", activity.GetBool("businessDays"), context);
        context.RequireOutcome(DefinitionParser.Done, "a 'timer' activity needs 'next'");
    }

    public void Execute(ActivityExecutionContext context)
    {
        var a = context.Activity;
        context.CreateTimer(DurationSetting.Resolve(a.Properties, "duration", "default", context.Data).AddTo(context.Now, a.GetBool("businessDays")));
    }
}
