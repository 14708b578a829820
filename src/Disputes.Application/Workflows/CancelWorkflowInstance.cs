using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>An operator cancels an instance. Instances of a guarded definition (complaints) are refused: a case is cancelled through its own intervention.</summary>
public sealed record CancelWorkflowInstance(Guid InstanceId, string Reason, string Actor) : ICommand<TransitionResult>;

public sealed class CancelWorkflowInstanceHandler(WorkflowRuntime runtime, IWorkflowStore store, GuardedDefinitions guarded) : ICommandHandler<CancelWorkflowInstance, TransitionResult>
{
    public async ValueTask<TransitionResult> Handle(CancelWorkflowInstance command, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(command.InstanceId, cancellationToken) ?? throw new InstanceNotFoundException(command.InstanceId);
        guarded.Refuse(instance.DefinitionId, $"Cancelling instance {instance.Id}");
        if (string.IsNullOrWhiteSpace(command.Reason)) throw new InvalidStimulusException("Cancelling an instance needs a reason.");
        return await runtime.CancelAsync(command.InstanceId, command.Reason, command.Actor, cancellationToken: cancellationToken);
    }
}
