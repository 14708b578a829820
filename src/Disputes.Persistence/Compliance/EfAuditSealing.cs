using Disputes.Application.Compliance.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Disputes.Persistence.Compliance;

/// <summary>
/// The sealer's side of the database. One batch is one transaction that holds the sealer's lock (PostgreSQL: a
/// transaction-scoped advisory lock, taken by the sealer only and released by PostgreSQL when the transaction or the
/// session ends, so a crashed sealer leaves nothing locked; SQLite: the write lock of BEGIN IMMEDIATE).
/// <para>
/// Commit order: on PostgreSQL an entry's transaction id is stamped when it is written, but transactions commit in
/// another order than they began. The batch takes only entries whose transaction id is below the oldest transaction
/// still running (the xmin of the sealer's snapshot): those have all ended, so no entry can still appear below that
/// horizon, and the chain never needs to go back. Entries of a longer transaction wait for the next batch. SQLite has
/// one writer at a time, so every entry it can see has committed.
/// </para>
/// </summary>
public sealed class EfAuditSealing(DisputesDbContext db) : IAuditSealing
{
    /// <summary>The sealer's advisory lock key ("sealer" in ASCII); the request path takes no lock.</summary>
    public const long LockKey = 0x7365616c6572;

    public async Task<IAuditSealingBatch?> OpenAsync(int maxEntries, bool wait, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var horizon = long.MaxValue;
            if (db.IsPostgres)
            {
                if (wait)
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
                else if (!await db.Database.SqlQueryRaw<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(cancellationToken))
                {
                    await transaction.DisposeAsync();
                    return null;
                }
                horizon = await db.Database.SqlQueryRaw<long>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS \"Value\"").SingleAsync(cancellationToken);
            }
            // PostgreSQL seals with one UPDATE of its own: the rows need not be tracked. SQLite saves the tracked rows.
            var unsealed = db.IsPostgres ? db.AuditEntries.AsNoTracking() : db.AuditEntries;
            var rows = await unsealed.Where(a => a.Sequence == null && a.TxId < horizon).OrderBy(a => a.TxId).ThenBy(a => a.Ordinal)
                .Take(maxEntries).ToListAsync(cancellationToken);
            var last = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence != null).OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
            var head = await db.AuditTreeHeads.AsNoTracking().OrderByDescending(h => h.Number).FirstOrDefaultAsync(cancellationToken);
            return new Batch(db, transaction, rows, last?.Sequence ?? 0, last?.Hash ?? AuditChain.Genesis, head is null ? null : EfAuditLog.ToHead(head));
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private sealed class Batch(DisputesDbContext db, IDbContextTransaction transaction, List<AuditRow> rows, long lastSequence, string lastHash, AuditTreeHead? lastHead)
        : IAuditSealingBatch
    {
        public IReadOnlyList<AuditRecord> Entries { get; } = rows.Select(EfAuditLog.ToRecord).ToList();
        public long LastSequence => lastSequence;
        public string LastHash => lastHash;
        public AuditTreeHead? LastHead => lastHead;

        public async Task<IReadOnlyList<string>> SealedHashesAsync(long first, long last, CancellationToken cancellationToken) =>
            await db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= first && a.Sequence <= last).OrderBy(a => a.Sequence).Select(a => a.Hash).ToListAsync(cancellationToken);

        public async Task CommitAsync(IReadOnlyList<SealedEntry> entries, IReadOnlyList<AuditTreeHead> heads, CancellationToken cancellationToken)
        {
            if (db.IsPostgres)
            {
                // One statement for the whole batch instead of one UPDATE per entry.
                var ids = entries.Select(e => e.Id).ToArray();
                var sequences = entries.Select(e => e.Sequence).ToArray();
                var previous = entries.Select(e => e.PreviousHash).ToArray();
                var hashes = entries.Select(e => e.Hash).ToArray();
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE audit_entries AS a SET "Sequence" = v.seq, "PreviousHash" = v.prev, "Hash" = v.hash
                    FROM unnest({ids}, {sequences}, {previous}, {hashes}) AS v(id, seq, prev, hash) WHERE a."Id" = v.id
                    """, cancellationToken);
            }
            else
            {
                var byId = rows.ToDictionary(r => r.Id);
                foreach (var e in entries)
                {
                    var row = byId[e.Id];
                    row.Sequence = e.Sequence;
                    row.PreviousHash = e.PreviousHash;
                    row.Hash = e.Hash;
                }
            }
            foreach (var head in heads)
            {
                db.AuditTreeHeads.Add(new AuditTreeHeadRow
                {
                    Number = head.Number, FirstSequence = head.FirstSequence, LastSequence = head.LastSequence, Size = head.Size, RootHash = head.RootHash,
                    LastEntryHash = head.LastEntryHash, PreviousHeadHash = head.PreviousHeadHash, SealedAt = head.SealedAt, KeyId = head.KeyId,
                    Signature = head.Signature, HeadHash = head.HeadHash,
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            db.ChangeTracker.Clear();
        }
    }
}
