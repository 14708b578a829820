using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Local;

/// <summary>The embedded default's mailbox: keeps each notification once per idempotency key, for the API to show.</summary>
public sealed class LocalMailbox(DisputesDbContext db, TimeProvider clock) : INotificationSender
{
    public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var n = notification;
        // The key is unique: a second delivery under it is refused by the database (a redelivery is rare: after a
        // crash before its completion was recorded), so no look-up runs before each mail.
        db.Mailbox.Add(new MailboxRow
        {
            Id = Guid.CreateVersion7(), IdempotencyKey = n.IdempotencyKey, RecipientId = n.RecipientId, Email = n.Email, Language = n.Language,
            Subject = n.Subject, Body = n.Body, Template = n.Template, ComplaintId = n.ComplaintId, SentAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // delivered concurrently under the same key: still once
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

public sealed class EfLocalRecords(DisputesDbContext db) : ILocalRecords
{
    public async Task<Page<LedgerEntry>> LedgerAsync(string? complaintId, string? kind, int page, int pageSize, CancellationToken cancellationToken)
    {
        var q = db.LocalEffects.AsNoTracking();
        if (complaintId is not null)
        {
            var instance = await db.Instances.AsNoTracking().Where(i => i.CorrelationId == complaintId).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
            q = q.Where(e => e.InstanceId == instance);
        }
        if (kind is not null) q = q.Where(e => e.Kind == kind);
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderBy(e => e.AppliedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<LedgerEntry>(rows.Select(e => new LedgerEntry(e.IdempotencyKey, e.Kind, e.InstanceId, e.Payload, e.AppliedAt, e.Deliveries)).ToList(), page, pageSize, total);
    }

    public async Task<Page<MailboxEntry>> MailboxAsync(string? recipientId, Guid? complaintId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var q = db.Mailbox.AsNoTracking();
        if (recipientId is not null) q = q.Where(m => m.RecipientId == recipientId);
        if (complaintId is not null) q = q.Where(m => m.ComplaintId == complaintId);
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderBy(m => m.SentAt).ThenBy(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<MailboxEntry>(rows.Select(m => new MailboxEntry(m.Id, m.RecipientId, m.Email, m.Language, m.Subject, m.Body, m.Template, m.ComplaintId, m.SentAt)).ToList(), page, pageSize, total);
    }
}
