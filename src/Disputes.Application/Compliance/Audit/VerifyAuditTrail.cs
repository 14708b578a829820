using Mediator;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Checks the audit chain, whole or for the entries written in [From, To]: every entry's hash, and every link from
/// the entry before the range onwards. Changed, deleted and inserted entries are named.
/// </summary>
public sealed record VerifyAuditTrail(DateTimeOffset? From, DateTimeOffset? To) : IQuery<AuditVerification>;

public sealed class VerifyAuditTrailHandler(IAuditLog log) : IQueryHandler<VerifyAuditTrail, AuditVerification>
{
    public async ValueTask<AuditVerification> Handle(VerifyAuditTrail query, CancellationToken cancellationToken)
    {
        if (query.From is { } f && query.To is { } t && t < f)
            throw new Domain.DomainRuleException("to", "'to' is before 'from'.");
        var range = await log.SequenceRangeAsync(query.From, query.To, cancellationToken);
        if (range is not { } r) return new AuditVerification(true, query.From, query.To, 0, null, null, null, []);
        var predecessor = await log.BeforeAsync(r.First, cancellationToken);
        return await AuditChainVerifier.VerifyAsync(log.ReadAsync(r.First, r.Last, cancellationToken), predecessor,
            log.FindByHashAsync, query.From, query.To, cancellationToken);
    }
}
