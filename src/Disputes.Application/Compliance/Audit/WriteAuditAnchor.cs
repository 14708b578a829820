using Mediator;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Writes a signed anchor of the sealed chain to the anchor sink (the recurring job <c>audit-anchor</c> runs it):
/// the latest tree head and the count of cases and decisions at this moment.
/// </summary>
public sealed record WriteAuditAnchor : ICommand<AuditAnchor>;

public sealed class WriteAuditAnchorHandler(IAuditLog log, IAuditSigner signer, IAuditAnchorSink sink, TimeProvider clock) : ICommandHandler<WriteAuditAnchor, AuditAnchor>
{
    public async ValueTask<AuditAnchor> Handle(WriteAuditAnchor command, CancellationToken cancellationToken)
    {
        // Counted before the head is read: every case counted has its filing committed, so a later check that finds
        // fewer cases than the anchor names has found rows removed.
        var (cases, decisions) = await log.CountCasesAndDecisionsAsync(cancellationToken);
        var head = await log.LatestTreeHeadAsync(cancellationToken);
        var anchor = AuditAnchor.Sign(signer, head, cases, decisions, clock.GetUtcNow());
        await sink.WriteAsync(anchor, cancellationToken);
        return anchor;
    }
}
