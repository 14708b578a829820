using Disputes.Application.Effects;
using Disputes.Domain.Outcomes;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Local;

/// <summary>
/// The embedded default's stand-in for the marketplace systems we do not own. Like a payment API it applies
/// an effect once per idempotency key: a repeated delivery only counts a delivery.
/// </summary>
public sealed class LocalEffectLedger(DisputesDbContext db, TimeProvider clock) : IEffectHandler
{
    public static readonly IReadOnlyCollection<string> SupportedKinds = [.. EffectKinds.Marketplace, EffectKinds.Record];

    public IReadOnlyCollection<string> Kinds => SupportedKinds;

    public async Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
    {
        var updated = await db.LocalEffects.Where(e => e.IdempotencyKey == effect.IdempotencyKey)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Deliveries, e => e.Deliveries + 1), cancellationToken);
        if (updated > 0) return; // already applied under this key

        db.LocalEffects.Add(new LocalEffectRow
        {
            IdempotencyKey = effect.IdempotencyKey, Kind = effect.Kind, InstanceId = effect.InstanceId, Payload = effect.Payload,
            AppliedAt = clock.GetUtcNow(), Deliveries = 1,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // A concurrent delivery applied it first: still exactly one application.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
