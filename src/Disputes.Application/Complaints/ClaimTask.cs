using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Review;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A reviewer, expert or lead claims an open staff task of a case (unassigned, or their own), if eligible.</summary>
public sealed record ClaimTask(Guid Id, Guid TaskId) : ICommand<TaskView>;

public sealed class ClaimTaskHandler(CaseSteps steps, ITaskBoard board, IUnitOfWork unitOfWork, IAuditTrail audit) : ICommandHandler<ClaimTask, TaskView>
{
    public async ValueTask<TaskView> Handle(ClaimTask command, CancellationToken cancellationToken)
    {
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        // Claiming a task one holds already changes nothing: a retried claim answers as the first did.
        var task = tasks.FirstOrDefault(t => t.BookmarkId == command.TaskId && t.Assignee == steps.User.Id)
            ?? await steps.AuthorizeAsync(complaint, tasks, CaseAction.Claim, cancellationToken, command.TaskId);
        if (task.Assignee != steps.User.Id)
        {
            // Claiming bypasses the automatic assignment: an override, recorded with the claim in one transaction.
            await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
            audit.Append(new AuditEvent("task.claimed", complaint.Id, new System.Text.Json.Nodes.JsonObject
            {
                ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["assignee"] = steps.User.Id,
            }));
            await audit.SaveAsync(cancellationToken); // the audit chain's lock before the task's row lock
            if (!await board.AssignAsync(task.BookmarkId, null, steps.User.Id, steps.Now, cancellationToken))
                throw new PreconditionFailedException("Someone else claimed this task first.");
            await unitOfWork.CommitAsync(cancellationToken);
        }
        return new TaskView(task.BookmarkId, task.ActivityId, steps.User.Id, steps.User.Id, task.DueAt);
    }
}
