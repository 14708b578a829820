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
/// The tasks are those of <see cref="GetReviewQueue"/> (the same board query and role rules); filtering happens over
/// the first <see cref="MaxTasks"/> of them, oldest deadline first.
/// </summary>
public sealed record GetQueueOverview(QueueKind Kind, QueueFilter Filter, int Page, int PageSize) : IQuery<Page<QueueRow>>;

public sealed class GetQueueOverviewHandler(ITaskBoard board, IComplaintRepository complaints, ICurrentUser user, TimeProvider clock, IOptions<ComplaintOptions> options)
    : IQueryHandler<GetQueueOverview, Page<QueueRow>>
{
    public const int MaxTasks = 200;

    public async ValueTask<Page<QueueRow>> Handle(GetQueueOverview query, CancellationToken cancellationToken)
    {
        var roles = Roles.All.Where(r => CaseAccess.IsStaffRole(r) && user.IsIn(r)).ToList();
        if (roles.Count == 0) throw new CaseAccessDeniedException("Queues are for reviewers, experts and leads.");
        if (query.Page < 1 || query.PageSize is < 1 or > MaxTasks) throw new DomainRuleException("page", $"page starts at 1; pageSize is between 1 and {MaxTasks}.");
        var now = clock.GetUtcNow();
        var tasks = await board.QueueAsync(new QueueQuery(query.Kind, user.Id, roles, now, options.Value.BreachingWithin, 1, MaxTasks), cancellationToken);
        var ids = tasks.Items.Where(t => Guid.TryParse(t.ComplaintId, out _)).Select(t => Guid.Parse(t.ComplaintId!)).Distinct().ToList();
        var cases = (await complaints.FindManyAsync(ids, cancellationToken)).ToDictionary(c => c.Id);
        var f = query.Filter;
        var rows = tasks.Items
            .Select(t => Guid.TryParse(t.ComplaintId, out var id) && cases.TryGetValue(id, out var c) ? (Task: t, Case: c) : default)
            .Where(x => x.Case is not null)
            .Where(x => string.IsNullOrEmpty(f.Category) || x.Case.Category.Name() == f.Category)
            .Where(x => f.MinValue is null || x.Case.AmountPaid >= f.MinValue)
            .Where(x => f.MaxValue is null || x.Case.AmountPaid <= f.MaxValue)
            .Where(x => string.IsNullOrEmpty(f.Language) || x.Case.Language == f.Language)
            .Where(x => f.MinAgeDays is null || (now - x.Case.FiledAt).TotalDays >= f.MinAgeDays)
            .Select(x => new QueueRow(x.Task, x.Case.Id, x.Case.Number, x.Case.Status.ToString(), x.Case.Category.Name(), x.Case.AmountPaid, x.Case.Currency, x.Case.Language, x.Case.FiledAt))
            .ToList();
        return new Page<QueueRow>(rows.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList(), query.Page, query.PageSize, rows.Count);
    }
}
