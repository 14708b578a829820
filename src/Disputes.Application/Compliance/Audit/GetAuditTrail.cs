using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Compliance.Audit;

/// <summary>Audit entries, newest first, by case, action, actor and time; paged.</summary>
public sealed record GetAuditTrail(Guid? CaseId, string? Action, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize) : IQuery<Page<AuditRecord>>;

public sealed class GetAuditTrailHandler(IAuditLog log) : IQueryHandler<GetAuditTrail, Page<AuditRecord>>
{
    public async ValueTask<Page<AuditRecord>> Handle(GetAuditTrail query, CancellationToken cancellationToken) =>
        await log.QueryAsync(new AuditQuery(query.CaseId, query.Action, query.Actor, query.From, query.To, query.Page, query.PageSize), cancellationToken);
}
