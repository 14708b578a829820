using Disputes.Application.Complaints;

namespace Disputes.Application.Ports;

/// <summary>
/// The staff queues with their cases, filtered, counted and paged in the database (no cap on how many tasks are
/// looked at: the total is exact).
/// </summary>
public interface IQueueReads
{
    Task<Page<QueueRow>> QueueOverviewAsync(QueueQuery query, QueueFilter filter, CancellationToken cancellationToken);
}
