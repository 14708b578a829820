namespace Disputes.Workflows.Runtime;

/// <summary>
/// A store that forwards everything to another: the base of the wrappers that add something to a transition's
/// commit (the audit record, task assignment, a benchmark's commit log). Override what you add to.
/// </summary>
public abstract class DelegatingWorkflowStore(IWorkflowStore inner) : IWorkflowStore
{
    protected IWorkflowStore Inner { get; } = inner;

    public virtual Task<WorkflowInstance?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken) => Inner.FindInstanceAsync(instanceId, cancellationToken);

    public virtual Task<Bookmark?> FindBookmarkAsync(Guid bookmarkId, CancellationToken cancellationToken) => Inner.FindBookmarkAsync(bookmarkId, cancellationToken);

    public virtual Task<IReadOnlyList<Bookmark>> FindOpenBookmarksAsync(Guid? instanceId, string? correlationId, string name, CancellationToken cancellationToken) =>
        Inner.FindOpenBookmarksAsync(instanceId, correlationId, name, cancellationToken);

    public virtual Task<Bookmark?> FindConsumedBookmarkAsync(Guid? instanceId, string? correlationId, string name, CancellationToken cancellationToken) =>
        Inner.FindConsumedBookmarkAsync(instanceId, correlationId, name, cancellationToken);

    public virtual Task<WorkflowTimer?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken) => Inner.FindTimerAsync(timerId, cancellationToken);

    public virtual Task<Incident?> FindIncidentAsync(Guid incidentId, CancellationToken cancellationToken) => Inner.FindIncidentAsync(incidentId, cancellationToken);

    public virtual Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string key, CancellationToken cancellationToken) => Inner.FindIdempotencyRecordAsync(key, cancellationToken);

    public virtual Task CommitAsync(TransitionChanges changes, CancellationToken cancellationToken) => Inner.CommitAsync(changes, cancellationToken);
}
