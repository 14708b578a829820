using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Activities.Builtin;

/// <summary>Where every instance begins. The start input is merged into the instance data before it runs.</summary>
public sealed class StartActivity : IActivity
{
    public string Type => "start";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context) =>
        context.RequireOutcome(DefinitionParser.Done, "a 'start' activity needs 'next'");

    public void Execute(ActivityExecutionContext context) => context.Complete();
}

/// <summary>Ends its token. With <c>"terminate": true</c> it ends the whole instance, cancelling parallel branches.</summary>
public sealed class EndActivity : IActivity
{
    public string Type => "end";

    public void Validate(ActivityDefinition activity, ActivityValidationContext context) =>
        context.ForbidTransitions("an 'end' activity has no transitions");

    public void Execute(ActivityExecutionContext context) => context.End(context.Activity.GetBool("terminate"));
}
