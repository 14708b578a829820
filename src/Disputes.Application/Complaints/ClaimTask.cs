using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Review;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A reviewer, expert or lead claims an open staff task of a case (unassigned, or their own), if eligible.</summary>
public sealed record ClaimTask(Guid Id, Guid TaskId) : ICommand<TaskView>;

public sealed class ClaimTaskHandler(CaseSteps steps, IComplaintRepository complaints, ITaskBoard board, IUnitOfWork unitOfWork, Compliance.Audit.IAuditTrail audit) : ICommandHandler<ClaimTask, TaskView>
{
    public async ValueTask<TaskView> Handle(ClaimTask command, CancellationToken cancellationToken)
    {
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = tasks.FirstOrDefault(t => t.BookmarkId == command.TaskId && CaseAccess.IsStaffRole(t.Role))
            ?? throw new CaseStateException("That task is not open on this case.");
        if (!steps.User.IsIn(task.Role)) throw new CaseAccessDeniedException($"This task is for the role '{task.Role}'.");
        var parties = new[] { complaint.BuyerId, complaint.SellerId };
        var excluded = task.ActivityId is "appeal-review" or "lead-appeal-review" or "four-eyes" ? complaint.DecisionParticipants : [];
        if (ReviewerAssignment.WhyNot(steps.User.Id, parties, await complaints.ConflictsAsync(parties, cancellationToken), excluded) is { } why)
            throw new CaseAccessDeniedException($"You cannot take this task: {why}.");
        if (task.Assignee != steps.User.Id)
        {
            // Claiming bypasses the automatic assignment: an override, recorded with the claim in one transaction.
            await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
            audit.Append(new Compliance.Audit.AuditEvent("task.claimed", complaint.Id, new System.Text.Json.Nodes.JsonObject
            {
                ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["assignee"] = steps.User.Id,
            }));
            await audit.SaveAsync(cancellationToken); // the audit chain's lock before the task's row lock
            if (!await board.AssignAsync(task.BookmarkId, null, steps.User.Id, cancellationToken))
                throw new PreconditionFailedException("Someone else claimed this task first.");
            await unitOfWork.CommitAsync(cancellationToken);
        }
        return new TaskView(task.BookmarkId, task.ActivityId, steps.User.Id, steps.User.Id, task.DueAt);
    }
}

/// <summary>The assignee gives a task back to the unassigned queue.</summary>
public sealed record ReleaseTask(Guid Id, Guid TaskId) : ICommand<TaskView>;

public sealed class ReleaseTaskHandler(CaseSteps steps, ITaskBoard board, IUnitOfWork unitOfWork, Compliance.Audit.IAuditTrail audit) : ICommandHandler<ReleaseTask, TaskView>
{
    public async ValueTask<TaskView> Handle(ReleaseTask command, CancellationToken cancellationToken)
    {
        var (_, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = tasks.FirstOrDefault(t => t.BookmarkId == command.TaskId && CaseAccess.IsStaffRole(t.Role))
            ?? throw new CaseStateException("That task is not open on this case.");
        if (task.Assignee != steps.User.Id && !steps.User.IsIn(Roles.Lead)) throw new CaseAccessDeniedException("Only the assignee or a lead can release this task.");
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        audit.Append(new Compliance.Audit.AuditEvent("task.released", command.Id, new System.Text.Json.Nodes.JsonObject
        {
            ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["previousAssignee"] = task.Assignee,
            ["byAssignee"] = task.Assignee == steps.User.Id,
        }));
        await audit.SaveAsync(cancellationToken); // the audit chain's lock before the task's row lock
        if (!await board.AssignAsync(task.BookmarkId, task.Assignee, null, cancellationToken))
            throw new PreconditionFailedException("The task changed meanwhile; reload the case.");
        await unitOfWork.CommitAsync(cancellationToken);
        return new TaskView(task.BookmarkId, task.ActivityId, task.Role, null, task.DueAt);
    }
}
