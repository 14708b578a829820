using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Disputes.Persistence.Local;

/// <summary>The embedded default's mailbox: keeps each notification once per idempotency key, for the API to show.</summary>
public sealed class LocalMailbox(DisputesDbContext db, TimeProvider clock) : INotificationSender
{
    public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        // The key is unique: a second delivery under it is refused by the database (a redelivery is rare: after a
        // crash before its completion was recorded), so no look-up runs before each mail.
        db.Mailbox.Add(RowOf(notification));
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

    /// <summary>
    /// On PostgreSQL a message's mails go in one statement that skips a key kept already: a redelivery after a crash
    /// keeps the others, and two deliveries racing wait for each other's key instead of failing. The keys are taken in
    /// their order, so racing deliveries cannot deadlock. Elsewhere (SQLite, one writer at a time) one after another.
    /// </summary>
    public async Task SendAllAsync(IReadOnlyList<OutgoingNotification> notifications, CancellationToken cancellationToken)
    {
        if (notifications.Count < 2 || !db.IsPostgres)
        {
            foreach (var notification in notifications) await SendAsync(notification, cancellationToken);
            return;
        }
        var rows = notifications.Select(RowOf).OrderBy(r => r.IdempotencyKey, StringComparer.Ordinal).ToList();
        // Positional parameters whose types Npgsql infers from the arrays: no SQL rewriting, no type names built per call.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO local_mailbox ("Id", "IdempotencyKey", "RecipientId", "Email", "Language", "Subject", "Body", "Template", "ComplaintId", "SentAt")
                SELECT "Id", "IdempotencyKey", "RecipientId", "Email", "Language", "Subject", "Body", "Template", "ComplaintId", "SentAt"
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::timestamptz[])
                    WITH ORDINALITY AS m("Id", "IdempotencyKey", "RecipientId", "Email", "Language", "Subject", "Body", "Template", "ComplaintId", "SentAt", n)
                ORDER BY n
                ON CONFLICT ("IdempotencyKey") DO NOTHING
                """, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction())
            {
                Parameters =
                {
                    AppendOnlyRows.Array(rows, r => r.Id), AppendOnlyRows.Array(rows, r => r.IdempotencyKey), AppendOnlyRows.Array(rows, r => r.RecipientId),
                    AppendOnlyRows.Array(rows, r => r.Email), AppendOnlyRows.Array(rows, r => r.Language), AppendOnlyRows.Array(rows, r => r.Subject),
                    AppendOnlyRows.Array(rows, r => r.Body), AppendOnlyRows.Array(rows, r => r.Template), AppendOnlyRows.Array(rows, r => r.ComplaintId),
                    AppendOnlyRows.Array(rows, r => r.SentAt.ToUniversalTime()),
                },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private MailboxRow RowOf(OutgoingNotification n) => new()
    {
        Id = Guid.CreateVersion7(), IdempotencyKey = n.IdempotencyKey, RecipientId = n.RecipientId, Email = n.Email, Language = n.Language,
        Subject = n.Subject, Body = n.Body, Template = n.Template, ComplaintId = n.ComplaintId, SentAt = clock.GetUtcNow(),
    };
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
