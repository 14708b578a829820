using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// What every case use case does: load the case inside one transaction, find the open task the action answers,
/// save the case and resume the task's bookmark, commit both together, then assign any new staff task.
/// </summary>
public sealed class CaseSteps(IComplaintRepository complaints, IUnitOfWork unitOfWork, ITaskBoard board, WorkflowRuntime runtime, ICurrentUser user, TimeProvider clock, IMediator mediator, Compliance.Audit.IAuditTrail audit)
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
        if (!CaseAccess.CanView(user, complaint, tasks)) throw new CaseNotFoundException(id);
        if (ifMatch is { } expected && expected != complaint.Version)
            throw new PreconditionFailedException($"Case {complaint.Number} changed since you loaded it (your version {expected}, now {complaint.Version}). Reload it; your text is not lost on your side.");
        return (complaint, tasks);
    }

    /// <summary>The open task, among <paramref name="activityIds"/>, that the caller may act on.</summary>
    public static CaseTask TaskFor(ICurrentUser user, Complaint complaint, IReadOnlyList<CaseTask> tasks, params string[] activityIds)
    {
        var open = tasks.Where(t => activityIds.Contains(t.ActivityId)).ToList();
        if (open.Count == 0)
            throw new CaseStateException($"Case {complaint.Number} is not waiting for this (it waits for: {string.Join(", ", tasks.Select(t => t.ActivityId).DefaultIfEmpty("nothing"))}).");
        foreach (var task in open)
        {
            if (task.Assignee == user.Id) return task;
            if (task.Assignee is null && task.Role != "party" && user.IsIn(task.Role)) return task;
            if (task.Role == Roles.Lead && user.IsIn(Roles.Lead)) return task;
            if (task.Role == "party" && task.Assignee is null && complaint.IsParty(user.Id)) return task;
        }
        var holder = open[0].Assignee;
        throw new CaseAccessDeniedException(holder is null
            ? $"This step of case {complaint.Number} is for the role '{open[0].Role}'."
            : $"This step of case {complaint.Number} is assigned to someone else.");
    }

    /// <summary>Saves the case and resumes the task in the same transaction, commits, then assigns new staff tasks.</summary>
    public async Task<TransitionResult> ResumeAsync(CaseTask task, JsonObject input, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(task.ComplaintId, out var caseId))
            audit.Append(new Compliance.Audit.AuditEvent("task.completed", caseId, new JsonObject
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
        await mediator.Send(new AssignOpenTasks(), cancellationToken);
        return result;
    }

    public static JsonArray EffectsJson(IEnumerable<PlannedEffect> effects) =>
        new(effects.Select(e => (JsonNode)new JsonObject
        {
            ["kind"] = e.Kind,
            ["data"] = new JsonObject(e.Data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        }).ToArray());
}
