using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Workflows.Runtime;

namespace Disputes.Application.Complaints;

/// <summary>
/// What every case use case does: load the case inside one transaction, ask <see cref="CaseActions"/> whether the
/// caller may take the action (the same answer the case view gives as <c>allowedActions</c>), save the case and
/// resume the task's bookmark, and commit both together. A staff task the transition opens is assigned in the same
/// transaction (<see cref="AssignNewTasks"/>), so nothing runs after the commit that could turn a committed action
/// into an error answer.
/// </summary>
public sealed class CaseSteps(IComplaintRepository complaints, IUnitOfWork unitOfWork, ITaskBoard board, WorkflowRuntime runtime, ICurrentUser user, TimeProvider clock, TaskAssigner assigner, IAuditTrail audit)
{
    public ICurrentUser User => user;
    public DateTimeOffset Now => clock.GetUtcNow();

    public Task<IAsyncDisposable> BeginAsync(CancellationToken cancellationToken) => unitOfWork.BeginAsync(cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => unitOfWork.CommitAsync(cancellationToken);

    /// <summary>Loads a case the caller may see; optionally checks the caller's ETag.</summary>
    public async Task<(Complaint Complaint, IReadOnlyList<CaseTask> Tasks)> LoadAsync(Guid id, long? ifMatch, CancellationToken cancellationToken)
    {
        var complaint = await complaints.FindAsync(id, cancellationToken) ?? throw new CaseNotFoundException(id);
        var tasks = await board.OpenTasksAsync(id, cancellationToken);
        if (!CaseAccess.CanView(user, complaint, tasks))
        {
            // Someone whose step moved on while they worked on it (its deadline passed and a lead took over, or it was
            // reassigned) and who acts on the version they loaded is told that the case changed, not that it is gone.
            if (ifMatch is { } sent && sent != complaint.Version && await board.EverHeldAsync(id, user.Id, cancellationToken))
                throw new PreconditionFailedException($"Case {complaint.Number} changed since you loaded it (your version {sent}, now {complaint.Version}): the step you held has moved on.");
            throw new CaseNotFoundException(id);
        }
        if (ifMatch is { } expected && expected != complaint.Version)
            throw new PreconditionFailedException($"Case {complaint.Number} changed since you loaded it (your version {expected}, now {complaint.Version}). Reload it; your text is not lost on your side.");
        return (complaint, tasks);
    }

    public Task<CaseContext> ContextAsync(Complaint complaint, IReadOnlyList<CaseTask> tasks, CancellationToken cancellationToken) =>
        assigner.ContextAsync(complaint, tasks, user, cancellationToken);

    /// <summary>The open task <paramref name="action"/> answers, when the caller may take it now; otherwise the refusal as an error (409 or 403).</summary>
    public async Task<CaseTask> AuthorizeAsync(Complaint complaint, IReadOnlyList<CaseTask> tasks, CaseAction action, CancellationToken cancellationToken, Guid? taskId = null)
    {
        var check = CaseActions.Check(await ContextAsync(complaint, tasks, cancellationToken), action, taskId);
        if (!check.Allowed) throw check.ToException();
        return check.Task ?? throw new InvalidOperationException($"{action} answers no task.");
    }

    /// <summary>Checks an action that answers no task (a message, evidence).</summary>
    public async Task RequireAsync(Complaint complaint, IReadOnlyList<CaseTask> tasks, CaseAction action, CancellationToken cancellationToken)
    {
        var check = CaseActions.Check(await ContextAsync(complaint, tasks, cancellationToken), action);
        if (!check.Allowed) throw check.ToException();
    }

    /// <summary>Saves the case and resumes the task in the same transaction, then commits.</summary>
    public async Task<TransitionResult> ResumeAsync(CaseTask task, JsonObject input, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(task.ComplaintId, out var caseId))
            audit.Append(new AuditEvent("task.completed", caseId, new JsonObject
            {
                ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["assignee"] = task.Assignee,
                ["outcome"] = input["outcome"]?.DeepClone(),
            }));
        try
        {
            await complaints.SaveChangesAsync(cancellationToken);
        }
        catch (StaleCaseException ex)
        {
            throw new PreconditionFailedException(ex.Message);
        }
        var result = await runtime.ResumeAsync(new ResumeRequest(task.InstanceId, null, task.ActivityId, task.BookmarkId, input, user.Id), cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return result;
    }

    public static JsonArray EffectsJson(IEnumerable<PlannedEffect> effects) =>
        new(effects.Select(e => (JsonNode?)new JsonObject
        {
            ["kind"] = e.Kind,
            ["data"] = new JsonObject(e.Data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        }).ToArray());
}
