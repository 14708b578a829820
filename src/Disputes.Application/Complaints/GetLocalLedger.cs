using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The local marketplace's ledger: refunds paid, orders cancelled, listings removed, accounts suspended, referrals made.</summary>
public sealed record GetLocalLedger(string? ComplaintId, string? Kind, int Page, int PageSize) : IQuery<Page<LedgerEntry>>;

public sealed class GetLocalLedgerHandler(ILocalRecords records) : IQueryHandler<GetLocalLedger, Page<LedgerEntry>>
{
    public async ValueTask<Page<LedgerEntry>> Handle(GetLocalLedger query, CancellationToken cancellationToken) =>
        await records.LedgerAsync(query.ComplaintId, query.Kind, query.Page, query.PageSize, cancellationToken);
}
