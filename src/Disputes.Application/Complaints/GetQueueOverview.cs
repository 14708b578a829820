using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>Filters of the reviewers' queue page: category, order value, case language and age (days since filing).</summary>
public sealed record QueueFilter(string? Category = null, decimal? MinValue = null, decimal? MaxValue = null, string? Language = null, int? MinAgeDays = null);

public sealed record QueueRow(CaseTask Task, Guid ComplaintId, string Number, string Status, string Category, decimal AmountPaid, string Currency, string Language, DateTimeOffset FiledAt);

/// <summary>
/// A staff queue (mine, unassigned in my roles, breaching soon, breached) with each task's case, filtered and paged.
/// The tasks are those of <see cref="GetReviewQueue"/> (the same role rules); filters, the count and the page are the
/// database's, so the total is exact whatever the backlog.
/// </summary>
public sealed record GetQueueOverview(QueueKind Kind, QueueFilter Filter, int Page, int PageSize, string? After = null) : IQuery<Page<QueueRow>>;

public sealed class GetQueueOverviewHandler(IQueueReads queues, ICurrentUser user, TimeProvider clock, IOptions<ComplaintOptions> options)
    : IQueryHandler<GetQueueOverview, Page<QueueRow>>
{
    /// <summary>The largest page.</summary>
    public const int MaxTasks = 200;

    public async ValueTask<Page<QueueRow>> Handle(GetQueueOverview query, CancellationToken cancellationToken)
    {
        var roles = Roles.All.Where(r => CaseAccess.IsStaffRole(r) && user.IsIn(r)).ToList();
        if (roles.Count == 0) throw new CaseAccessDeniedException("Queues are for reviewers, experts and leads.");
        if (query.Page < 1 || query.PageSize is < 1 or > MaxTasks) throw new DomainRuleException("page", $"page starts at 1; pageSize is between 1 and {MaxTasks}.");
        return await queues.QueueOverviewAsync(new QueueQuery(query.Kind, user.Id, roles, clock.GetUtcNow(), options.Value.BreachingWithin, query.Page, query.PageSize),
            query.Filter, query.After, cancellationToken);
    }
}
