using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Disputes.Persistence.Compliance;

/// <summary>
/// Writing audit entries on SQLite: every transaction of the service is BEGIN IMMEDIATE (one writer at a time), so
/// one more than the highest transaction number so far, read inside the transaction, orders the entries as they
/// commit. PostgreSQL needs nothing here: a trigger stamps the transaction id.
/// </summary>
internal static class AuditWriting
{
    // Added entries are known without a scan of every tracked entity: SaveChanges runs DetectChanges itself.
    public static List<EntityEntry<AuditRow>> Pending(DisputesDbContext db) =>
        db.TrackedEntries<AuditRow>(e => e.State == EntityState.Added && e.Entity.TxId == 0);

    public static async Task NumberAsync(DisputesDbContext db, List<EntityEntry<AuditRow>> pending, CancellationToken cancellationToken)
    {
        var last = await db.AuditEntries.AsNoTracking().MaxAsync(a => (long?)a.TxId, cancellationToken) ?? 0;
        foreach (var entry in pending) entry.Entity.TxId = last + 1;
    }
}
