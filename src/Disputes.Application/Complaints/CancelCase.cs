using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Workflows.Activities.Builtin;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// An operator's intervention: closes a case that is still open or under appeal, with a reason. In one transaction
/// the case is closed, its workflow cancelled (open steps and timers end, nothing more is carried out), both parties
/// are notified in their language through the outbox, and the audit trail records who and why.
/// </summary>
public sealed record CancelCase(Guid Id, string Reason) : ICommand<CaseActionResult>;

public sealed class CancelCaseHandler(IComplaintRepository complaints, IUnitOfWork unitOfWork, WorkflowRuntime runtime, ICurrentUser user, TimeProvider clock, IAuditTrail audit)
    : ICommandHandler<CancelCase, CaseActionResult>
{
    /// <summary>The notification both parties get.</summary>
    public const string NoticeTemplate = "case-cancelled";

    public async ValueTask<CaseActionResult> Handle(CancelCase command, CancellationToken cancellationToken)
    {
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000) throw new DomainRuleException("reason", "Give the reason for cancelling the case (at most 1000 characters); both parties read it.");
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var complaint = await complaints.FindAsync(command.Id, cancellationToken) ?? throw new CaseNotFoundException(command.Id);
        var now = clock.GetUtcNow();
        complaint.Cancel(user.Id, reason, now);
        var release = complaint.ReleaseHold();
        audit.Append(new AuditEvent("case.cancelled", complaint.Id, new JsonObject { ["reason"] = AuditText.Proof(reason) }));
        await complaints.SaveChangesAsync(cancellationToken);
        IReadOnlyList<string> current = [];
        if (complaint.WorkflowInstanceId is { } instanceId)
        {
            var notice = new CancellationEffect(NotifyActivity.Kind, new JsonObject
            {
                ["template"] = NoticeTemplate,
                ["to"] = new JsonArray(complaint.ComplainantId, complaint.RespondentId),
                ["data"] = new JsonObject { ["complaintId"] = complaint.Id.ToString(), ["reason"] = reason },
            });
            IReadOnlyList<CancellationEffect> effects = [.. release.Select(e => new CancellationEffect(e.Kind, new JsonObject(e.Data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))))), notice];
            current = (await runtime.CancelAsync(instanceId, reason, user.Id, effects, cancellationToken)).CurrentActivities;
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, current);
    }
}
