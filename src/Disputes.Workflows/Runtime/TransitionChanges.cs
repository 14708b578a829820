namespace Disputes.Workflows.Runtime;

/// <summary>
/// Everything one transition changes. A store commits all of it in one database transaction or none of it:
/// instance state, bookmarks made and consumed, timers added and removed, journal, outbox and incidents.
/// </summary>
public sealed class TransitionChanges(WorkflowInstance instance, long? expectedVersion)
{
    public WorkflowInstance Instance { get; } = instance;
    /// <summary>The version the instance had when it was loaded; null when the transition creates it.</summary>
    public long? ExpectedVersion { get; } = expectedVersion;
    public List<Bookmark> AddedBookmarks { get; } = [];
    public List<ConsumedBookmark> ConsumedBookmarks { get; } = [];
    public List<WorkflowTimer> AddedTimers { get; } = [];
    public List<Guid> RemovedTimerIds { get; } = [];
    public List<JournalEntry> Journal { get; } = [];
    public List<OutboxMessage> Outbox { get; } = [];
    public List<Incident> NewIncidents { get; } = [];
    public List<ResolvedIncident> ResolvedIncidents { get; } = [];
    public IdempotencyRecord? Idempotency { get; set; }
    /// <summary>
    /// Set when this transition moves the instance to another definition version: the store then also writes the
    /// instance's definition version and renames the open bookmarks and timers in place (each must still be there).
    /// </summary>
    public InstanceMigrationChanges? Migration { get; set; }
}

/// <summary>A bookmark consumed by this transition. The store must fail the commit if it was consumed already.</summary>
public sealed record ConsumedBookmark(Guid Id, DateTimeOffset At, string By);

public sealed record ResolvedIncident(Guid Id, DateTimeOffset At, string By);
