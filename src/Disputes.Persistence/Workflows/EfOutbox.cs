using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Disputes.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Workflows;

public sealed class EfOutbox(DisputesDbContext db) : IOutbox
{
    public async Task<IReadOnlyList<PendingEffect>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
            .OrderBy(o => o.NextAttemptAt).ThenBy(o => o.Position)
            .Take(max)
            .Select(o => new PendingEffect(o.Id, o.InstanceId, o.ActivityId, o.Kind, o.Payload, o.IdempotencyKey, o.Attempts))
            .ToListAsync(cancellationToken);

    public async Task MarkDoneAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.Outbox.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, OutboxStatus.Done)
            .SetProperty(o => o.ProcessedAt, at)
            .SetProperty(o => o.Attempts, o => o.Attempts + 1), cancellationToken);

    public async Task MarkFailedAsync(Guid id, int attempts, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.Outbox.FirstAsync(o => o.Id == id, cancellationToken);
        row.Attempts = attempts;
        row.LastError = error.Length > 2000 ? error[..2000] : error;
        if (retryAt is { } at)
        {
            row.NextAttemptAt = at;
        }
        else
        {
            row.Status = OutboxStatus.Failed;
            db.Incidents.Add(new IncidentRow
            {
                Id = Guid.CreateVersion7(), InstanceId = row.InstanceId, Kind = IncidentKinds.Effect, ActivityId = row.ActivityId, OutboxMessageId = row.Id,
                Message = $"Effect '{row.Kind}' failed after {attempts} attempts: {row.LastError}", CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task RequeueAsync(Guid incidentId, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.FirstAsync(i => i.Id == incidentId, cancellationToken);
        var message = await db.Outbox.FirstAsync(o => o.Id == incident.OutboxMessageId, cancellationToken);
        incident.ResolvedAt = now;
        incident.ResolvedBy = actor;
        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new WorkflowConflictException($"Incident {incidentId} was resolved by someone else.", ex);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
