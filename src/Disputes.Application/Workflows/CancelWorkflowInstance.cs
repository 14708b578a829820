using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

public sealed record CancelWorkflowInstance(Guid InstanceId, string Reason, string Actor) : ICommand<TransitionResult>;

public sealed class CancelWorkflowInstanceHandler(WorkflowRuntime runtime) : ICommandHandler<CancelWorkflowInstance, TransitionResult>
{
    public async ValueTask<TransitionResult> Handle(CancelWorkflowInstance command, CancellationToken cancellationToken) =>
        await runtime.CancelAsync(command.InstanceId, command.Reason, command.Actor, cancellationToken);
}
