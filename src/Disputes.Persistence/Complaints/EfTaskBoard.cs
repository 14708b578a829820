using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Complaints;

/// <summary>Open human tasks are open bookmarks with a role; a case's tasks are found by correlation id (the case id).</summary>
public sealed class EfTaskBoard(DisputesDbContext db) : ITaskBoard
{

    public async Task<IReadOnlyList<CaseTask>> OpenTasksAsync(Guid complaintId, CancellationToken cancellationToken)
    {
        if (db.PrefetchedTasks is { } prefetched)
        {
            db.PrefetchedTasks = null;
            if (prefetched.CaseId == complaintId) return prefetched.Tasks;
        }
        var correlation = complaintId.ToString();
        return (await db.Bookmarks.AsNoTracking().Where(b => b.CorrelationId == correlation && b.ConsumedAt == null && b.Role != null)
            .ToListAsync(cancellationToken)).Select(ToTask).ToList();
    }

    public async Task<bool> EverHeldAsync(Guid complaintId, string personId, CancellationToken cancellationToken)
    {
        var correlation = complaintId.ToString();
        return await db.Bookmarks.AsNoTracking().AnyAsync(b => b.CorrelationId == correlation && b.Assignee == personId && b.Role != null, cancellationToken);
    }

    public async Task<IReadOnlyList<CaseTask>> UnassignedStaffTasksAsync(IReadOnlyCollection<string> roles, int max, CancellationToken cancellationToken) =>
        (await db.Bookmarks.AsNoTracking().Where(b => b.Role != null && roles.Contains(b.Role) && b.Assignee == null && b.ConsumedAt == null && b.CorrelationId != null)
            .OrderBy(b => b.CreatedAt).Take(max).ToListAsync(cancellationToken)).Select(ToTask).ToList();

    public async Task<bool> AssignAsync(Guid bookmarkId, string? expected, string? assignee, DateTimeOffset at, CancellationToken cancellationToken)
    {
        db.PrefetchedTasks = null;
        return await db.Bookmarks.Where(b => b.Id == bookmarkId && b.ConsumedAt == null && b.Assignee == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Assignee, assignee).SetProperty(b => b.AssignedAt, assignee == null ? null : at), cancellationToken) == 1;
    }

    public async Task<CaseTask?> FindTaskAsync(Guid bookmarkId, CancellationToken cancellationToken) =>
        await db.Bookmarks.AsNoTracking().Where(b => b.Id == bookmarkId && b.Role != null).Select(b => ToTask(b)).FirstOrDefaultAsync(cancellationToken);

    public async Task<Page<CaseTask>> TeamViewAsync(IReadOnlyCollection<string> staffRoles, TeamViewQuery query, CancellationToken cancellationToken)
    {
        // The open case tasks' projection (one row per open staff task of a case, indexed by holder).
        var q = db.CaseTasks.AsNoTracking().Where(t => staffRoles.Contains(t.Role));
        if (query.UnassignedOnly) q = q.Where(t => t.Assignee == null);
        else if (!string.IsNullOrEmpty(query.Holder)) q = q.Where(t => t.Assignee == query.Holder);
        if (!string.IsNullOrEmpty(query.Role)) q = q.Where(t => t.Role == query.Role);
        if (!string.IsNullOrEmpty(query.Step)) q = q.Where(t => t.ActivityId == query.Step);
        var total = await q.CountAsync(cancellationToken);
        // By holder (the unassigned last), then since when they hold it, then arrival. PostgreSQL sorts nulls last
        // already, so its index on (holder, held since, arrival) gives the order; SQLite sorts them first.
        var ordered = db.IsPostgres ? q.OrderBy(t => t.Assignee) : q.OrderBy(t => t.Assignee == null).ThenBy(t => t.Assignee);
        var rows = await ordered.ThenBy(t => t.AssignedAt).ThenBy(t => t.Seq)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Page<CaseTask>(rows.Select(ToTask).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<Page<CaseTask>> QueueAsync(QueueQuery query, CancellationToken cancellationToken)
    {
        // The open case tasks' projection, in queue order (deadline, then arrival), counted from its covering index.
        var q = db.CaseTasks.AsNoTracking().InQueue(query);
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderBy(t => t.SortAt).ThenBy(t => t.Seq)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Page<CaseTask>(rows.Select(ToTask).ToList(), query.Page, query.PageSize, total);
    }

    private static CaseTask ToTask(CaseTaskRow t) => CaseTaskProjection.ToTask(t);

    private static CaseTask ToTask(BookmarkRow b) => new(b.Id, b.InstanceId, b.CorrelationId, b.ActivityId, b.Role!, b.Assignee, b.DueAt, b.CreatedAt) { AssignedAt = b.AssignedAt };
}
