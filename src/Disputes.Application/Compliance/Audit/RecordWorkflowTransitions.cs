using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Workflows.Runtime;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Wraps the workflow store: a transition of a case's workflow that no person's step caused (a timer firing: a
/// deadline escalating the case, an unanswered information request, the end of direct resolution, the 8-week
/// signpost; an operator cancelling the instance or retrying an incident) is recorded in the audit trail by the same
/// SaveChanges, in the same transaction. Case steps are recorded by the use cases themselves (<c>task.completed</c>).
/// </summary>
public sealed class RecordWorkflowTransitions(IWorkflowStore inner, IAuditTrail audit, string definitionId) : DelegatingWorkflowStore(inner)
{
    public override async Task CommitAsync(TransitionChanges changes, CancellationToken cancellationToken)
    {
        var entry = Describe(changes);
        if (entry is not null) audit.Append(entry);
        try
        {
            await Inner.CommitAsync(changes, cancellationToken);
        }
        catch
        {
            // The transition did not happen: neither did what would have recorded it.
            if (entry is not null) audit.DiscardPending();
            throw;
        }
    }

    private AuditEvent? Describe(TransitionChanges changes)
    {
        var instance = changes.Instance;
        if (instance.DefinitionId != definitionId || !Guid.TryParse(instance.CorrelationId, out var caseId) || changes.Journal.Count == 0) return null;
        var cause = changes.Journal[0];
        var action = cause.Event switch
        {
            JournalEvents.TimerFired => "timer.fired",
            JournalEvents.InstanceCancelled => "workflow.cancelled",
            JournalEvents.IncidentRetried => "incident.retried",
            _ => null,
        };
        if (action is null) return null;
        return new AuditEvent(action, caseId, new JsonObject
        {
            ["instanceId"] = instance.Id.ToString(),
            ["activity"] = cause.ActivityId,
            ["detail"] = cause.Detail,
            ["completed"] = new JsonArray(changes.Journal.Where(j => j.Event == JournalEvents.ActivityCompleted && j.ActivityId is not null).Select(j => (JsonNode?)JsonValue.Create(j.ActivityId)).ToArray()),
            ["openedTasks"] = new JsonArray(changes.AddedBookmarks.Where(b => b.Role is not null).Select(b => (JsonNode?)JsonValue.Create(b.ActivityId)).ToArray()),
            ["effects"] = new JsonArray(changes.Outbox.Select(m => (JsonNode?)JsonValue.Create(m.Kind)).ToArray()),
            ["status"] = instance.Status.ToString(),
        }, Actor: cause.Actor, Role: cause.Actor == "timer" ? "system" : null);
    }
}
