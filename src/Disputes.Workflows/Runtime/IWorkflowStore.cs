namespace Disputes.Workflows.Runtime;

/// <summary>
/// The runtime's port to durable storage. Lookups must be index seeks. <see cref="CommitAsync"/> writes a whole
/// <see cref="TransitionChanges"/> in ONE database transaction, and must fail with
/// <see cref="WorkflowConflictException"/> when the instance version moved on, a consumed bookmark was consumed
/// already, or a removed timer is gone; and with <see cref="DuplicateIdempotencyKeyException"/> when the
/// idempotency key was stored by another request first.
/// </summary>
public interface IWorkflowStore
{
    Task<WorkflowInstance?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<Bookmark?> FindBookmarkAsync(Guid bookmarkId, CancellationToken cancellationToken);

    /// <summary>Open (unconsumed) bookmarks named <paramref name="name"/> on an instance, or on a correlation id.</summary>
    Task<IReadOnlyList<Bookmark>> FindOpenBookmarksAsync(Guid? instanceId, string? correlationId, string name, CancellationToken cancellationToken);

    /// <summary>The most recently consumed bookmark with that name, to tell "consumed" from "unknown".</summary>
    Task<Bookmark?> FindConsumedBookmarkAsync(Guid? instanceId, string? correlationId, string name, CancellationToken cancellationToken);

    Task<WorkflowTimer?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken);

    Task<Incident?> FindIncidentAsync(Guid incidentId, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string key, CancellationToken cancellationToken);

    Task CommitAsync(TransitionChanges changes, CancellationToken cancellationToken);
}

public sealed class DuplicateIdempotencyKeyException(string key, Exception inner)
    : Exception($"Idempotency key '{key}' was committed by another request.", inner)
{
    public string Key { get; } = key;
}
