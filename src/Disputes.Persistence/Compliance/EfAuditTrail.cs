using System.Runtime.CompilerServices;
using Disputes.Application.Compliance.Audit;
using Disputes.Application.Ports;
using Disputes.Application.Security;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>Appends audit entries to the unit of work's DbContext; they are sealed and written by its next SaveChanges.</summary>
public sealed class EfAuditTrail(DisputesDbContext db, ICurrentUser user, TimeProvider clock) : IAuditTrail
{
    private static long ordinal;

    public void Append(AuditEvent entry)
    {
        var now = AuditChain.Normalize(clock.GetUtcNow());
        db.AuditEntries.Add(new AuditRow
        {
            Id = Guid.CreateVersion7(now),
            At = now,
            Actor = Limit(entry.Actor ?? user.Id, 200),
            Role = Limit(entry.Role ?? RoleOf(user), 200),
            CaseId = entry.CaseId,
            Action = Limit(entry.Action, 100),
            Data = AuditChain.CanonicalData(entry.Data),
            Ordinal = Interlocked.Increment(ref ordinal),
        });
    }

    public async Task SaveAsync(CancellationToken cancellationToken) => await db.SaveChangesAsync(cancellationToken);

    public void DiscardPending()
    {
        foreach (var entry in db.ChangeTracker.Entries<AuditRow>().Where(e => e.State == EntityState.Added).ToList()) entry.State = EntityState.Detached;
    }

    public static string RoleOf(ICurrentUser user) =>
        user.Id == SystemUser.SystemId ? "system" : user.Roles.Count == 0 ? "none" : string.Join("+", user.Roles.Order(StringComparer.Ordinal));

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..max];
}

public sealed class EfAuditLog(DisputesDbContext db) : IAuditLog
{
    public async Task<(long First, long Last)?> SequenceRangeAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (from is { } f) q = q.Where(a => a.At >= f);
        if (to is { } t) q = q.Where(a => a.At <= t);
        var first = await q.OrderBy(a => a.Sequence).Select(a => (long?)a.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (first is null) return null;
        var last = await q.OrderByDescending(a => a.Sequence).Select(a => a.Sequence).FirstAsync(cancellationToken);
        return (first.Value, last);
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(long first, long last, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= first && a.Sequence <= last).OrderBy(a => a.Sequence)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return ToRecord(row);
    }

    public async Task<AuditRecord?> BeforeAsync(long sequence, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(a => a.Sequence < sequence).OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<AuditRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(a => a.Hash == hash).OrderBy(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<AuditRecord?> AtAsync(long sequence, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(a => a.Sequence == sequence, cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<AuditRecord?> HeadAsync(CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (query.CaseId is { } c) q = q.Where(a => a.CaseId == c);
        if (query.Action is { } action) q = q.Where(a => a.Action == action);
        if (query.Actor is { } actor) q = q.Where(a => a.Actor == actor);
        if (query.From is { } f) q = q.Where(a => a.At >= f);
        if (query.To is { } t) q = q.Where(a => a.At <= t);
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderByDescending(a => a.Sequence).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Page<AuditRecord>(rows.Select(ToRecord).ToList(), query.Page, query.PageSize, total);
    }

    private static AuditRecord ToRecord(AuditRow r) => new(r.Sequence, r.Id, r.At, r.Actor, r.Role, r.CaseId, r.Action, r.Data, r.PreviousHash, r.Hash);
}
