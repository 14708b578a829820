using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Workflows.Runtime;

namespace Disputes.Application.Complaints;

/// <summary>
/// Wraps the workflow store: when a transition of a case's workflow opens a staff task, exactly that task is
/// assigned (<see cref="TaskAssigner"/>) in the transition's own transaction, with its audit entry, whatever caused
/// the transition (a person's step, a timer, an operator's retry). The choice reads the per-person counters and
/// reserves the chosen person's until the transition commits (<see cref="IStaffLoads"/>). No sweep over the backlog
/// runs on the request path; <see cref="AssignOpenTasks"/> only catches tasks nobody could take when they opened.
/// </summary>
public sealed class AssignNewTasks(IWorkflowStore inner, IComplaintRepository complaints, TaskAssigner assigner, IAuditTrail audit) : DelegatingWorkflowStore(inner)
{
    public override async Task CommitAsync(TransitionChanges changes, CancellationToken cancellationToken)
    {
        var appended = false;
        if (changes.Instance.DefinitionId == ComplaintProcess.DefinitionId && Guid.TryParse(changes.Instance.CorrelationId, out var caseId)
            && changes.AddedBookmarks.Any(IsOpenStaffTask)
            && (complaints.ReadInThisTransaction(caseId) ?? await complaints.FindAsync(caseId, cancellationToken)) is { } complaint)
        {
            var closing = changes.ConsumedBookmarks.Select(b => b.Id).ToList();
            for (var i = 0; i < changes.AddedBookmarks.Count; i++)
            {
                var task = changes.AddedBookmarks[i];
                if (!IsOpenStaffTask(task) || await assigner.ChooseAsync(complaint, task.ActivityId, closing, cancellationToken) is not { } choice) continue;
                changes.AddedBookmarks[i] = task with { Assignee = choice.AssigneeId };
                audit.Append(new AuditEvent("task.assigned", caseId, new JsonObject
                {
                    ["taskId"] = task.Id.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["assignee"] = choice.AssigneeId,
                    ["rule"] = choice.Rule, ["openTasks"] = choice.OpenTasks,
                }, Actor: SystemUser.SystemId, Role: SystemUser.RoleName));
                appended = true;
            }
        }
        try
        {
            await Inner.CommitAsync(changes, cancellationToken);
        }
        catch
        {
            if (appended) audit.DiscardPending();
            throw;
        }
    }

    private static bool IsOpenStaffTask(Bookmark b) => b.Role is not null && b.Assignee is null && ComplaintProcess.IsStaffStep(b.ActivityId);
}
