using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Domain;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// A lead or an operator gives an open staff task to someone else, with a reason recorded in the audit trail. The new
/// holder must have the step's role and may not be excluded from it by the contract (a party, a declared conflict,
/// a participant in the decision under appeal, the decider of the decision awaiting approval).
/// </summary>
public sealed record ReassignTask(Guid Id, Guid TaskId, string AssigneeId, string Reason) : ICommand<TaskView>;

public sealed class ReassignTaskHandler(IComplaintRepository complaints, ITaskBoard board, IUserDirectory users, TaskAssigner assigner, IUnitOfWork unitOfWork,
    ICurrentUser user, TimeProvider clock, IAuditTrail audit) : ICommandHandler<ReassignTask, TaskView>
{
    public async ValueTask<TaskView> Handle(ReassignTask command, CancellationToken cancellationToken)
    {
        var errors = new RuleErrors();
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000) errors.Add("reason", "Give the reason for the reassignment (at most 1000 characters).");
        if (string.IsNullOrWhiteSpace(command.AssigneeId)) errors.Add("assigneeId", "Name the person who takes the task.");
        DomainRuleException.ThrowIfAny("The task cannot be reassigned.", errors);

        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var complaint = await complaints.FindAsync(command.Id, cancellationToken) ?? throw new CaseNotFoundException(command.Id);
        var tasks = await board.OpenTasksAsync(complaint.Id, cancellationToken);
        var task = tasks.FirstOrDefault(t => t.BookmarkId == command.TaskId && ComplaintProcess.IsStaffStep(t.ActivityId))
            ?? throw new CaseStateException("That task is not open on this case.");
        var step = ComplaintProcess.Find(task.ActivityId)!;
        if (task.Assignee == command.AssigneeId) return new TaskView(task.BookmarkId, task.ActivityId, task.Role, task.Assignee, task.DueAt);
        if (users.Find(command.AssigneeId) is not { } person || !person.IsIn(step.Role))
            throw new DomainRuleException("assigneeId", $"'{command.AssigneeId}' does not have the role '{step.Role}' this step needs.");
        var context = await assigner.ContextAsync(complaint, tasks, user, cancellationToken);
        if (CaseActions.Excluded(context, step, person.Id) is { } why)
            throw new DomainRuleException("assigneeId", $"{person.Name} cannot take this step: {ThirdPerson(why.Refusal)}.");

        audit.Append(new AuditEvent("task.reassigned", complaint.Id, new JsonObject
        {
            ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role,
            ["previousAssignee"] = task.Assignee, ["assignee"] = person.Id, ["reason"] = AuditText.Proof(reason!),
        }));
        await audit.SaveAsync(cancellationToken); // the audit chain's lock before the task's row lock
        if (!await board.AssignAsync(task.BookmarkId, task.Assignee, person.Id, clock.GetUtcNow(), cancellationToken))
            throw new PreconditionFailedException("The task changed meanwhile; reload the case.");
        await unitOfWork.CommitAsync(cancellationToken);
        return new TaskView(task.BookmarkId, task.ActivityId, task.Role, person.Id, task.DueAt);
    }

    private static string ThirdPerson(ActionRefusal refusal) => refusal switch
    {
        ActionRefusal.IsParty => "they are a party to this case",
        ActionRefusal.DeclaredConflict => "they declared a conflict with a party",
        ActionRefusal.TookPartInDecision => "they took part in the decision under appeal",
        ActionRefusal.OwnDecision => "they made the decision that awaits approval",
        ActionRefusal.EscalatedIt => "they escalated this case, and another expert can take it",
        _ => "the process excludes them",
    };
}
