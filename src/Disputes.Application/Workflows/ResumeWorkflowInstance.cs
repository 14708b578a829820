using System.Text.Json.Nodes;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>Delivers a named stimulus to a bookmark: on an instance, on a correlation id, or by bookmark id.</summary>
public sealed record ResumeWorkflowInstance(Guid? InstanceId, string? CorrelationId, string Stimulus, Guid? BookmarkId, JsonObject? Input, string Actor, string? IdempotencyKey)
    : ICommand<TransitionResult>;

public sealed class ResumeWorkflowInstanceHandler(WorkflowRuntime runtime) : ICommandHandler<ResumeWorkflowInstance, TransitionResult>
{
    public async ValueTask<TransitionResult> Handle(ResumeWorkflowInstance command, CancellationToken cancellationToken) =>
        await runtime.ResumeAsync(new ResumeRequest(command.InstanceId, command.CorrelationId, command.Stimulus, command.BookmarkId, command.Input, command.Actor, command.IdempotencyKey), cancellationToken);
}
