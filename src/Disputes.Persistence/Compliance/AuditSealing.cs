using Disputes.Application.Compliance.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Disputes.Persistence.Compliance;

/// <summary>
/// Seals new audit entries into the chain just before they are written: under a lock that serializes chain appends
/// (PostgreSQL: a transaction-scoped advisory lock, held until the action's transaction ends; SQLite: every
/// transaction of this service is BEGIN IMMEDIATE, which already admits one writer), read the head, then give each
/// entry the next sequence, the previous hash and its own hash. The unique key on the sequence refuses a fork
/// should anything bypass the lock.
/// </summary>
internal static class AuditSealing
{
    /// <summary>The advisory lock key of the audit chain ("audit" in ASCII).</summary>
    public const long LockKey = 0x6175646974;

    public static List<EntityEntry<AuditRow>> Pending(DbContext db)
    {
        // Added entries are known without a scan of every tracked entity: SaveChanges runs DetectChanges itself.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.ChangeTracker.Entries<AuditRow>().Where(e => e.State == EntityState.Added && e.Entity.Hash.Length == 0).ToList();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public static async Task SealAsync(DisputesDbContext db, List<EntityEntry<AuditRow>> pending, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? AuditChain.Genesis;
        foreach (var entry in pending.OrderBy(e => e.Entity.Ordinal))
        {
            var row = entry.Entity;
            row.Sequence = ++sequence;
            row.PreviousHash = previous;
            row.Hash = AuditChain.Hash(row.Id, row.At, row.Actor, row.Role, row.CaseId, row.Action, row.Data, row.PreviousHash);
            previous = row.Hash;
        }
    }
}
