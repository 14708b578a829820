using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The assignee gives a task back to the unassigned queue.</summary>
public sealed record ReleaseTask(Guid Id, Guid TaskId) : ICommand<TaskView>;

public sealed class ReleaseTaskHandler(CaseSteps steps, ITaskBoard board, IUnitOfWork unitOfWork, IAuditTrail audit) : ICommandHandler<ReleaseTask, TaskView>
{
    public async ValueTask<TaskView> Handle(ReleaseTask command, CancellationToken cancellationToken)
    {
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.Release, cancellationToken, command.TaskId);
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        audit.Append(new AuditEvent("task.released", command.Id, new System.Text.Json.Nodes.JsonObject
        {
            ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["previousAssignee"] = task.Assignee,
            ["byAssignee"] = task.Assignee == steps.User.Id,
        }));
        await audit.SaveAsync(cancellationToken); // the audit chain's lock before the task's row lock
        if (!await board.AssignAsync(task.BookmarkId, task.Assignee, null, steps.Now, cancellationToken))
            throw new PreconditionFailedException("The task changed meanwhile; reload the case.");
        await unitOfWork.CommitAsync(cancellationToken);
        return new TaskView(task.BookmarkId, task.ActivityId, task.Role, null, task.DueAt);
    }
}
