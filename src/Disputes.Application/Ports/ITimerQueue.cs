namespace Disputes.Application.Ports;

/// <summary>Due timers, oldest first, found by an index on the due time.</summary>
public interface ITimerQueue
{
    Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}

/// <summary>
/// A lock that only one node holds at a time, so that one node drains timers or the outbox while the others
/// skip. It is released when its holder ends, even by a crash (PostgreSQL: a session advisory lock).
/// </summary>
public interface IDistributedLock
{
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}
