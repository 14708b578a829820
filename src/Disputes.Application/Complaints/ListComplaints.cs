using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Mediator;

namespace Disputes.Application.Complaints;

public sealed record ComplaintSummary(Guid Id, string Number, string Status, string OrderId, string Category, string ComplainantId, string BuyerId, string SellerId,
    decimal AmountPaid, string Currency, string Language, DateTimeOffset FiledAt, DateTimeOffset UpdatedAt, long Version);

/// <summary>Cases, paged: a party sees their own; leads and compliance see all and may filter.</summary>
public sealed record ListComplaints(string? Status, string? Category, string? OrderId, int Page, int PageSize) : IQuery<Page<ComplaintSummary>>;

public sealed class ListComplaintsHandler(IComplaintRepository complaints, ICurrentUser user) : IQueryHandler<ListComplaints, Page<ComplaintSummary>>
{
    public async ValueTask<Page<ComplaintSummary>> Handle(ListComplaints query, CancellationToken cancellationToken)
    {
        ComplaintStatus? status = null;
        if (query.Status is not null)
        {
            if (!Enum.TryParse<ComplaintStatus>(query.Status, true, out var s)) throw new DomainRuleException("status", $"Use one of: {string.Join(", ", Enum.GetNames<ComplaintStatus>())}.");
            status = s;
        }
        var everyone = user.IsIn(Roles.Compliance) || user.IsIn(Roles.Lead);
        var page = await complaints.ListAsync(new ComplaintFilter(everyone ? null : user.Id, status, query.Category, query.OrderId, query.Page, query.PageSize), cancellationToken);
        return new Page<ComplaintSummary>(page.Items.Select(c => new ComplaintSummary(c.Id, c.Number, c.Status.ToString(), c.OrderId, c.Category.Name(), c.ComplainantId, c.BuyerId, c.SellerId,
            c.AmountPaid, c.Currency, c.Language, c.FiledAt, c.UpdatedAt, c.Version)).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}
