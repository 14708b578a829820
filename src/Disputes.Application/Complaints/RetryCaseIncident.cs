using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Workflows;
using Disputes.Domain;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// An operator's intervention on a case: retries one of its workflow's incidents (a faulted step runs again, a failed
/// effect is queued again under its own idempotency key, so nothing is paid twice), with a reason the audit trail keeps.
/// </summary>
public sealed record RetryCaseIncident(Guid Id, Guid IncidentId, string Reason) : ICommand<RetryIncidentResult>;

public sealed class RetryCaseIncidentHandler(IComplaintRepository complaints, IWorkflowStore store, IUnitOfWork unitOfWork, IAuditTrail audit, IMediator mediator, Security.ICurrentUser user)
    : ICommandHandler<RetryCaseIncident, RetryIncidentResult>
{
    public async ValueTask<RetryIncidentResult> Handle(RetryCaseIncident command, CancellationToken cancellationToken)
    {
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000) throw new DomainRuleException("reason", "Give the reason for the retry (at most 1000 characters).");
        var complaint = await complaints.FindAsync(command.Id, cancellationToken) ?? throw new CaseNotFoundException(command.Id);
        var incident = await store.FindIncidentAsync(command.IncidentId, cancellationToken);
        if (incident is null || incident.InstanceId != complaint.WorkflowInstanceId) throw new IncidentNotFoundException(command.IncidentId);
        await using (await unitOfWork.BeginAsync(cancellationToken))
        {
            audit.Append(new AuditEvent("incident.retry-requested", complaint.Id, new JsonObject
            {
                ["incidentId"] = incident.Id.ToString(), ["kind"] = incident.Kind, ["activity"] = incident.ActivityId, ["reason"] = AuditText.Proof(reason),
            }));
            await audit.SaveAsync(cancellationToken);
            var result = await mediator.Send(new RetryIncident(incident.Id, user.Id), cancellationToken);
            await unitOfWork.CommitAsync(cancellationToken);
            return result;
        }
    }
}
