using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Domain.Complaints;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Complaints;

/// <summary>
/// Queue rows: open staff bookmarks joined with their case (the bookmark's correlation id is the case id as text),
/// filtered, counted and paged in one query each. The partial index on open staff bookmarks and the case's id as text
/// (PostgreSQL) keep it to the rows of the page.
/// </summary>
public sealed class EfQueueReads(DisputesDbContext db) : IQueueReads
{
    private static readonly IReadOnlyList<string> StaffRoles = ComplaintProcess.StaffRoles;
    private static readonly string[] LeadSteps = ComplaintProcess.All.Where(s => ComplaintProcess.IsEscalation(s.Id)).Select(s => s.Id).ToArray();

    public async Task<Page<QueueRow>> QueueOverviewAsync(QueueQuery query, QueueFilter filter, CancellationToken cancellationToken)
    {
        var roles = query.Roles.Where(r => StaffRoles.Contains(r)).ToList();
        var tasks = db.Bookmarks.AsNoTracking().Where(b => b.ConsumedAt == null && b.Role != null && roles.Contains(b.Role) && b.CorrelationId != null);
        var soon = query.Now + query.BreachingWithin;
        tasks = query.Kind switch
        {
            QueueKind.Mine => tasks.Where(b => b.Assignee == query.UserId),
            QueueKind.Unassigned => tasks.Where(b => b.Assignee == null),
            QueueKind.BreachingSoon => tasks.Where(b => (b.Assignee == query.UserId || b.Assignee == null) && b.DueAt != null && b.DueAt > query.Now && b.DueAt <= soon),
            // Breached: the deadline passed, or the task is a lead's because a deadline passed.
            _ => tasks.Where(b => (b.Assignee == query.UserId || b.Assignee == null) && ((b.DueAt != null && b.DueAt <= query.Now) || LeadSteps.Contains(b.ActivityId))),
        };
        var cases = db.Complaints.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Category))
        {
            if (!Categories.TryParse(filter.Category, out var category)) return new Page<QueueRow>([], query.Page, query.PageSize, 0);
            cases = cases.Where(c => c.Category == category);
        }
        if (filter.MinValue is { } min) cases = cases.Where(c => c.AmountPaid >= min);
        if (filter.MaxValue is { } max) cases = cases.Where(c => c.AmountPaid <= max);
        if (!string.IsNullOrEmpty(filter.Language)) cases = cases.Where(c => c.Language == filter.Language);
        if (filter.MinAgeDays is { } days)
        {
            var filedBy = query.Now.AddDays(-days);
            cases = cases.Where(c => c.FiledAt <= filedBy);
        }
        var sqlite = db.Database.IsSqlite();
        var joined = sqlite
            // SQLite keeps a Guid as upper-case text; the correlation id is lower-case.
            ? tasks.Join(cases, b => b.CorrelationId!.ToUpper(), c => c.Id.ToString().ToUpper(), (b, c) => new { b, c })
            : tasks.Join(cases, b => b.CorrelationId, c => c.Id.ToString(), (b, c) => new { b, c });
        var total = await joined.CountAsync(cancellationToken);
        var rows = await joined.OrderBy(x => x.b.DueAt == null).ThenBy(x => x.b.DueAt).ThenBy(x => x.b.CreatedAt).ThenBy(x => x.b.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(x => new
            {
                x.b.Id, x.b.InstanceId, x.b.CorrelationId, x.b.ActivityId, x.b.Role, x.b.Assignee, x.b.DueAt, x.b.CreatedAt, x.b.AssignedAt,
                CaseId = x.c.Id, x.c.Number, x.c.Status, x.c.Category, x.c.AmountPaid, x.c.Currency, x.c.Language, x.c.FiledAt,
            })
            .ToListAsync(cancellationToken);
        return new Page<QueueRow>(rows.Select(r => new QueueRow(
            new CaseTask(r.Id, r.InstanceId, r.CorrelationId, r.ActivityId, r.Role!, r.Assignee, r.DueAt, r.CreatedAt) { AssignedAt = r.AssignedAt },
            r.CaseId, r.Number, r.Status.ToString(), r.Category.Name(), r.AmountPaid, r.Currency, r.Language, r.FiledAt)).ToList(), query.Page, query.PageSize, total);
    }
}
