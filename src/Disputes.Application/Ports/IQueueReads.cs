using Disputes.Application.Complaints;

namespace Disputes.Application.Ports;

/// <summary>
/// The staff queues with their cases, filtered, counted and paged in the database (no cap on how many tasks are
/// looked at: the total is exact).
/// </summary>
public interface IQueueReads
{
    /// <summary>
    /// One page in queue order (deadline, then arrival). With <paramref name="after"/> (a previous page's
    /// <see cref="Page{T}.Next"/>) the page starts after that row, found by key whatever its depth; without it,
    /// <see cref="QueueQuery.Page"/> counts pages from the start.
    /// </summary>
    Task<Page<QueueRow>> QueueOverviewAsync(QueueQuery query, QueueFilter filter, string? after, CancellationToken cancellationToken);
}
