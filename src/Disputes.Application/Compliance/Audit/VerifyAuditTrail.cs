using Mediator;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Checks the audit chain, whole or for the entries written in [From, To]: every entry's hash, and every link from
/// the entry before the range onwards. Changed, deleted and inserted entries are named.
/// </summary>
/// <remarks>
/// An unkeyed chain can be recomputed whole by someone who can write to the database. An anchor (a sequence and the hash
/// it had, noted earlier, e.g. printed by a previous run and kept elsewhere) closes that gap: if the entry at that
/// sequence no longer has that hash, or is gone, the chain was rewritten or cut.
/// </remarks>
public sealed record VerifyAuditTrail(DateTimeOffset? From, DateTimeOffset? To, long? AnchorSequence = null, string? AnchorHash = null) : IQuery<AuditVerification>;

public sealed class VerifyAuditTrailHandler(IAuditLog log) : IQueryHandler<VerifyAuditTrail, AuditVerification>
{
    public async ValueTask<AuditVerification> Handle(VerifyAuditTrail query, CancellationToken cancellationToken)
    {
        if (query.From is { } f && query.To is { } t && t < f)
            throw new Domain.DomainRuleException("to", "'to' is before 'from'.");
        if ((query.AnchorSequence is null) != (query.AnchorHash is null))
            throw new Domain.DomainRuleException("anchor", "Give both the anchor's sequence and its hash.");
        var range = await log.SequenceRangeAsync(query.From, query.To, cancellationToken);
        var result = range is not { } r
            ? new AuditVerification(true, query.From, query.To, 0, null, null, null, [])
            : await AuditChainVerifier.VerifyAsync(log.ReadAsync(r.First, r.Last, cancellationToken), await log.BeforeAsync(r.First, cancellationToken),
                log.FindByHashAsync, query.From, query.To, cancellationToken);
        if (query.AnchorSequence is not { } sequence) return result;

        var anchored = await log.AtAsync(sequence, cancellationToken);
        AuditProblem? problem = anchored is null
            ? new AuditProblem(AuditProblemKind.Deleted, sequence, null, $"The anchored entry #{sequence} is gone: the chain was cut or renumbered.")
            : !string.Equals(anchored.Hash, query.AnchorHash, StringComparison.OrdinalIgnoreCase)
                ? new AuditProblem(AuditProblemKind.Changed, sequence, anchored.Id, $"The anchored entry #{sequence} ({anchored.Id}) no longer has the hash noted for it: the chain up to it was rewritten.")
                : null;
        return problem is null ? result : result with { Intact = false, Problems = [.. result.Problems, problem] };
    }
}
