using Disputes.Application.Ports;
using Disputes.Application.Security;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// The background pass: gives a holder to staff tasks nobody could take when they opened (someone came back, a
/// conflict was withdrawn, a new colleague joined). Tasks are assigned when they open (<see cref="AssignNewTasks"/>);
/// this pass runs with the timer pump, never on a request. Each assignment is its own transaction with its audit
/// entry; a task taken meanwhile is left alone.
/// </summary>
public sealed record AssignOpenTasks(int Max = 200) : ICommand<int>;

public sealed class AssignOpenTasksHandler(ITaskBoard board, IComplaintRepository complaints, TaskAssigner assigner, IUnitOfWork unitOfWork, IAuditTrail audit, TimeProvider clock)
    : ICommandHandler<AssignOpenTasks, int>
{
    public async ValueTask<int> Handle(AssignOpenTasks command, CancellationToken cancellationToken)
    {
        var open = await board.UnassignedStaffTasksAsync(ComplaintProcess.StaffRoles, command.Max, cancellationToken);
        var assigned = 0;
        foreach (var task in open)
        {
            if (!Guid.TryParse(task.ComplaintId, out var caseId)) continue;
            await using (await unitOfWork.BeginAsync(cancellationToken))
            {
                if (await complaints.FindAsync(caseId, cancellationToken) is not { } complaint) continue;
                if (await assigner.ChooseAsync(complaint, task.ActivityId, [], cancellationToken) is not { } choice) continue;
                audit.Append(new AuditEvent("task.assigned", complaint.Id, new System.Text.Json.Nodes.JsonObject
                {
                    ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["assignee"] = choice.AssigneeId,
                    ["rule"] = choice.Rule + " (background pass)", ["openTasks"] = choice.OpenTasks,
                }, Actor: SystemUser.SystemId, Role: SystemUser.RoleName));
                await audit.SaveAsync(cancellationToken); // the audit chain's lock before the task's row lock
                if (!await board.AssignAsync(task.BookmarkId, null, choice.AssigneeId, clock.GetUtcNow(), cancellationToken))
                {
                    audit.DiscardPending();
                    continue;
                }
                await unitOfWork.CommitAsync(cancellationToken);
            }
            assigned++;
        }
        return assigned;
    }
}
