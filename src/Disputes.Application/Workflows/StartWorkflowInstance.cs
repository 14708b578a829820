using System.Text.Json.Nodes;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

public sealed record StartWorkflowInstance(string DefinitionId, int? Version, string? CorrelationId, JsonObject? Input, string Actor, string? IdempotencyKey)
    : ICommand<TransitionResult>;

/// <summary>An operator starts an instance. A guarded definition (complaints) starts only by its own use case (filing).</summary>
public sealed class StartWorkflowInstanceHandler(WorkflowRuntime runtime, GuardedDefinitions guarded) : ICommandHandler<StartWorkflowInstance, TransitionResult>
{
    public async ValueTask<TransitionResult> Handle(StartWorkflowInstance command, CancellationToken cancellationToken)
    {
        guarded.Refuse(command.DefinitionId, "Starting an instance");
        return await runtime.StartAsync(new StartRequest(command.DefinitionId, command.Version, command.CorrelationId, command.Input, command.Actor, command.IdempotencyKey), cancellationToken);
    }
}
