using Disputes.Application.Ports;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>An operator retries an incident: a faulted activity runs again, or a failed effect is queued again.</summary>
public sealed record RetryIncident(Guid IncidentId, string Actor) : ICommand<RetryIncidentResult>;

public sealed record RetryIncidentResult(Guid IncidentId, Guid InstanceId, string Kind, InstanceStatus? Status);

public sealed class RetryIncidentHandler(WorkflowRuntime runtime, IWorkflowStore store, IOutbox outbox, TimeProvider clock)
    : ICommandHandler<RetryIncident, RetryIncidentResult>
{
    public async ValueTask<RetryIncidentResult> Handle(RetryIncident command, CancellationToken cancellationToken)
    {
        var incident = await store.FindIncidentAsync(command.IncidentId, cancellationToken)
            ?? throw new IncidentNotFoundException(command.IncidentId);
        if (incident.Kind == IncidentKinds.Effect)
        {
            if (incident.ResolvedAt is not null)
                throw new InvalidInstanceStateException($"Incident {incident.Id} was resolved at {incident.ResolvedAt:O} by {incident.ResolvedBy}.");
            await outbox.RequeueAsync(incident.Id, command.Actor, clock.GetUtcNow(), cancellationToken);
            return new RetryIncidentResult(incident.Id, incident.InstanceId, incident.Kind, null);
        }
        var result = await runtime.RetryIncidentAsync(incident.Id, command.Actor, cancellationToken);
        return new RetryIncidentResult(incident.Id, incident.InstanceId, incident.Kind, result.Status);
    }
}

public sealed class IncidentNotFoundException(Guid id) : WorkflowException($"Incident {id} does not exist.");
