using Disputes.Application.Telemetry;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Seals what has been committed since the last run: each batch gets the next sequences, its links and hashes in the
/// chain, and a signed tree head (a Merkle tree of the batch's entries). Off the request path: actions only write
/// their entry; this runs in the background (the sealer pump), one node at a time.
/// </summary>
/// <param name="Wait">Wait for the sealer's lock instead of leaving the work to the node that holds it.</param>
/// <param name="MaxBatches">At most this many batches per run.</param>
public sealed record SealAuditTrail(bool Wait = false, int MaxBatches = 100) : ICommand<AuditSealingResult>;

/// <param name="Lags">Per sealed entry: the time from its writing to its sealing.</param>
public sealed record AuditSealingResult(int Batches, int Entries, bool Busy, IReadOnlyList<TimeSpan> Lags);

public sealed class SealAuditTrailHandler(IAuditSealing sealing, IAuditSigner signer, TimeProvider clock, IOptions<AuditOptions> options)
    : ICommandHandler<SealAuditTrail, AuditSealingResult>
{
    public async ValueTask<AuditSealingResult> Handle(SealAuditTrail command, CancellationToken cancellationToken)
    {
        var batches = 0;
        var entries = 0;
        var lags = new List<TimeSpan>();
        var size = Math.Max(1, options.Value.SealBatchSize);
        while (batches < command.MaxBatches)
        {
            await using var batch = await sealing.OpenAsync(size, command.Wait, cancellationToken);
            if (batch is null) return new AuditSealingResult(batches, entries, true, lags);
            if (batch.Entries.Count == 0) break;
            var sequence = batch.LastSequence;
            var previous = batch.LastHash;
            var seals = new List<SealedEntry>(batch.Entries.Count);
            foreach (var e in batch.Entries)
            {
                var hash = AuditChain.Hash(e.Id, e.At, e.Actor, e.Role, e.CaseId, e.Action, e.Data, previous);
                seals.Add(new SealedEntry(e.Id, ++sequence, previous, hash));
                previous = hash;
            }
            var now = clock.GetUtcNow();
            var heads = new List<AuditTreeHead>();
            var lastHead = batch.LastHead;
            if (lastHead is null && batch.LastSequence > 0)
            {
                // Entries sealed before tree heads existed (each in its action's transaction) get one head of their own first.
                lastHead = AuditTreeHead.Sign(signer, 1, 1, await batch.SealedHashesAsync(1, batch.LastSequence, cancellationToken), AuditTreeHead.Genesis, now);
                heads.Add(lastHead);
            }
            var head = AuditTreeHead.Sign(signer, (lastHead?.Number ?? 0) + 1, seals[0].Sequence, seals.Select(s => s.Hash).ToList(),
                lastHead?.HeadHash ?? AuditTreeHead.Genesis, now);
            heads.Add(head);
            await batch.CommitAsync(seals, heads, cancellationToken);
            foreach (var e in batch.Entries)
            {
                var lag = now - e.At;
                lags.Add(lag);
                DisputesTelemetry.AuditSealingLag.Record(lag.TotalMilliseconds);
            }
            batches++;
            entries += seals.Count;
            if (batch.Entries.Count < size) break;
        }
        return new AuditSealingResult(batches, entries, false, lags);
    }
}
