using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Mediator;

namespace Disputes.Application.Complaints;

public sealed record TeamViewRow(Guid TaskId, Guid ComplaintId, string Number, string Step, string Role, string? Holder, string? HolderName,
    DateTimeOffset? HeldSince, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, string Category, string Language);

/// <summary>
/// A lead's team view: every open staff task, who holds it and since when, filtered by holder (or nobody), role and
/// step, paged with an exact total. Read from the task board's index; cases are read for the page's rows only.
/// </summary>
public sealed record GetTeamView(string? Holder, bool UnassignedOnly, string? Role, string? Step, int Page = 1, int PageSize = 50) : IQuery<Page<TeamViewRow>>;

public sealed class GetTeamViewHandler(ITaskBoard board, IComplaintRepository complaints, IUserDirectory users) : IQueryHandler<GetTeamView, Page<TeamViewRow>>
{
    public const int MaxPageSize = 200;
    public const int MaxPage = 1_000_000;

    public async ValueTask<Page<TeamViewRow>> Handle(GetTeamView query, CancellationToken cancellationToken)
    {
        var errors = new RuleErrors();
        if (query.Page is < 1 or > MaxPage) errors.Add("page", $"The page is between 1 and {MaxPage}.");
        if (query.PageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"Between 1 and {MaxPageSize} rows per page.");
        if (query.Role is { Length: > 0 } role && !ComplaintProcess.StaffRoles.Contains(role)) errors.Add("role", $"One of: {string.Join(", ", ComplaintProcess.StaffRoles)}.");
        if (query.Step is { Length: > 0 } step && !ComplaintProcess.IsStaffStep(step)) errors.Add("step", $"One of: {string.Join(", ", ComplaintProcess.StaffSteps)}.");
        DomainRuleException.ThrowIfAny("The team view's filters are not valid.", errors);
        var tasks = await board.TeamViewAsync(ComplaintProcess.StaffRoles, new TeamViewQuery(query.Holder, query.UnassignedOnly, query.Role, query.Step, query.Page, query.PageSize), cancellationToken);
        var ids = tasks.Items.Select(t => Guid.TryParse(t.ComplaintId, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var cases = (await complaints.FindManyAsync(ids, cancellationToken)).ToDictionary(c => c.Id);
        var rows = tasks.Items
            .Where(t => Guid.TryParse(t.ComplaintId, out var id) && cases.ContainsKey(id))
            .Select(t =>
            {
                var c = cases[Guid.Parse(t.ComplaintId!)];
                return new TeamViewRow(t.BookmarkId, c.Id, c.Number, t.ActivityId, t.Role, t.Assignee, t.Assignee is { } h ? users.Find(h)?.Name : null,
                    t.AssignedAt, t.CreatedAt, t.DueAt, c.Category.Name(), c.Language);
            }).ToList();
        return new Page<TeamViewRow>(rows, tasks.PageNumber, tasks.PageSize, tasks.Total);
    }
}
