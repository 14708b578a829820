using Disputes.Application.Ports;
using Disputes.Application.Security;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>A staff queue: mine, unassigned (in my roles), breaching soon, breached; paged, oldest deadline first.</summary>
public sealed record GetReviewQueue(QueueKind Kind, int Page, int PageSize) : IQuery<Page<CaseTask>>;

public sealed class GetReviewQueueHandler(ITaskBoard board, ICurrentUser user, TimeProvider clock, IOptions<ComplaintOptions> options) : IQueryHandler<GetReviewQueue, Page<CaseTask>>
{
    public async ValueTask<Page<CaseTask>> Handle(GetReviewQueue query, CancellationToken cancellationToken)
    {
        var roles = Roles.All.Where(r => CaseAccess.IsStaffRole(r) && user.IsIn(r)).ToList();
        return await board.QueueAsync(new QueueQuery(query.Kind, user.Id, roles, clock.GetUtcNow(), options.Value.BreachingWithin, query.Page, query.PageSize), cancellationToken);
    }
}
