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
    private IQueryable<AuditRow> Sealed => db.AuditEntries.AsNoTracking().Where(a => a.Sequence != null);

    public async Task<(long First, long Last)?> SequenceRangeAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var q = Sealed;
        if (from is { } f) q = q.Where(a => a.At >= f);
        if (to is { } t) q = q.Where(a => a.At <= t);
        var first = await q.OrderBy(a => a.Sequence).Select(a => a.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (first is null) return null;
        var last = await q.OrderByDescending(a => a.Sequence).Select(a => a.Sequence).FirstAsync(cancellationToken);
        return (first.Value, last!.Value);
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(long first, long last, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= first && a.Sequence <= last).OrderBy(a => a.Sequence)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return ToRecord(row);
    }

    public async Task<AuditRecord?> BeforeAsync(long sequence, CancellationToken cancellationToken) =>
        await Sealed.Where(a => a.Sequence < sequence).OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<AuditRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken) =>
        await Sealed.Where(a => a.Hash == hash).OrderBy(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<AuditRecord?> AtAsync(long sequence, CancellationToken cancellationToken) =>
        await Sealed.FirstOrDefaultAsync(a => a.Sequence == sequence, cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<AuditRecord?> HeadAsync(CancellationToken cancellationToken) =>
        await Sealed.OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is { } row ? ToRecord(row) : null;

    public async Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (query.CaseId is { } c) q = q.Where(a => a.CaseId == c);
        if (query.Action is { } action) q = q.Where(a => a.Action == action);
        if (query.Actor is { } actor) q = q.Where(a => a.Actor == actor);
        if (query.From is { } f) q = q.Where(a => a.At >= f);
        if (query.To is { } t) q = q.Where(a => a.At <= t);
        var total = await q.CountAsync(cancellationToken);
        // Newest first: entries waiting to be sealed (in the order they will be chained), then the sealed chain.
        var rows = await q.OrderBy(a => a.Sequence != null).ThenByDescending(a => a.Sequence).ThenByDescending(a => a.TxId).ThenByDescending(a => a.Ordinal)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Page<AuditRecord>(rows.Select(ToRecord).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<AuditTreeHead>> TreeHeadsAsync(CancellationToken cancellationToken) =>
        (await db.AuditTreeHeads.AsNoTracking().OrderBy(h => h.Number).ToListAsync(cancellationToken)).Select(ToHead).ToList();

    public async Task<AuditTreeHead?> LatestTreeHeadAsync(CancellationToken cancellationToken) =>
        await db.AuditTreeHeads.AsNoTracking().OrderByDescending(h => h.Number).FirstOrDefaultAsync(cancellationToken) is { } row ? ToHead(row) : null;

    public async Task<IReadOnlyList<AuditTreeHead>> TreeHeadsCoveringAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        var heads = new Dictionary<long, AuditTreeHead>();
        foreach (var sequence in sequences.Distinct().Order())
        {
            if (heads.Values.Any(h => h.FirstSequence <= sequence && sequence <= h.LastSequence)) continue;
            // Heads are contiguous and LastSequence is unique: the first head ending at or after the sequence covers it.
            var row = await db.AuditTreeHeads.AsNoTracking().Where(h => h.LastSequence >= sequence).OrderBy(h => h.LastSequence).FirstOrDefaultAsync(cancellationToken);
            if (row is not null && row.FirstSequence <= sequence) heads[row.Number] = ToHead(row);
        }
        return heads.Values.OrderBy(h => h.Number).ToList();
    }

    public async Task<IReadOnlyList<AuditRecord>> EntriesOfAsync(AuditTreeHead head, CancellationToken cancellationToken) =>
        (await db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= head.FirstSequence && a.Sequence <= head.LastSequence).OrderBy(a => a.Sequence)
            .ToListAsync(cancellationToken)).Select(ToRecord).ToList();

    public async Task<IReadOnlyList<AuditRecord>> CaseEntriesAsync(Guid caseId, CancellationToken cancellationToken) =>
        (await db.AuditEntries.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Sequence == null).ThenBy(a => a.Sequence).ThenBy(a => a.TxId).ThenBy(a => a.Ordinal)
            .ToListAsync(cancellationToken)).Select(ToRecord).ToList();

    public async Task<long> UnsealedCountAsync(CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().LongCountAsync(a => a.Sequence == null, cancellationToken);

    public async Task<(long Cases, long Decisions)> CountCasesAndDecisionsAsync(CancellationToken cancellationToken) =>
        (await db.Complaints.AsNoTracking().LongCountAsync(cancellationToken), await db.Decisions.AsNoTracking().LongCountAsync(cancellationToken));

    public async Task<AuditCrossCheck> CrossCheckAsync(CancellationToken cancellationToken)
    {
        var (cases, decisions) = await CountCasesAndDecisionsAsync(cancellationToken);
        var missing = db.Complaints.AsNoTracking().Where(c => !db.AuditEntries.Any(a => a.CaseId == c.Id)).Select(c => c.Id);
        var casesWithout = await missing.LongCountAsync(cancellationToken);
        var sample = casesWithout == 0 ? [] : await missing.OrderBy(id => id).Take(5).ToListAsync(cancellationToken);
        var decisionsWithout = await db.Decisions.AsNoTracking().Select(d => d.ComplaintId).Distinct()
            .Where(id => !db.AuditEntries.Any(a => a.CaseId == id && (a.Action == DecisionMade || a.Action == AppealDecided)))
            .LongCountAsync(cancellationToken);
        return new AuditCrossCheck(cases, decisions, casesWithout, sample, decisionsWithout);
    }

    private const string DecisionMade = "decision.made";
    private const string AppealDecided = "appeal.decided";

    internal static AuditRecord ToRecord(AuditRow r) =>
        new(r.Sequence ?? 0, r.Id, r.At, r.Actor, r.Role, r.CaseId, r.Action, r.Data, r.PreviousHash, r.Hash, r.Sequence is not null);

    internal static AuditTreeHead ToHead(AuditTreeHeadRow h) =>
        new(h.Number, h.FirstSequence, h.LastSequence, h.Size, h.RootHash, h.LastEntryHash, h.PreviousHeadHash, h.SealedAt, h.KeyId, h.Signature, h.HeadHash);
}
