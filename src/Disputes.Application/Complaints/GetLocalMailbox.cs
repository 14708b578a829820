using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The local mailbox: every notification the embedded default "sent". A party sees only their own mail.</summary>
public sealed record GetLocalMailbox(string? RecipientId, Guid? ComplaintId, int Page, int PageSize) : IQuery<Page<MailboxEntry>>;

public sealed class GetLocalMailboxHandler(ILocalRecords records) : IQueryHandler<GetLocalMailbox, Page<MailboxEntry>>
{
    public async ValueTask<Page<MailboxEntry>> Handle(GetLocalMailbox query, CancellationToken cancellationToken) =>
        await records.MailboxAsync(query.RecipientId, query.ComplaintId, query.Page, query.PageSize, cancellationToken);
}
