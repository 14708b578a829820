using System.Text.Json.Nodes;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

public sealed record StartWorkflowInstance(string DefinitionId, int? Version, string? CorrelationId, JsonObject? Input, string Actor, string? IdempotencyKey)
    : ICommand<TransitionResult>;

public sealed class StartWorkflowInstanceHandler(WorkflowRuntime runtime) : ICommandHandler<StartWorkflowInstance, TransitionResult>
{
    public async ValueTask<TransitionResult> Handle(StartWorkflowInstance command, CancellationToken cancellationToken) =>
        await runtime.StartAsync(new StartRequest(command.DefinitionId, command.Version, command.CorrelationId, command.Input, command.Actor, command.IdempotencyKey), cancellationToken);
}
