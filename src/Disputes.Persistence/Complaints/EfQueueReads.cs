using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Domain.Complaints;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Complaints;

/// <summary>
/// Queue rows from the case task projection (<see cref="CaseTaskRow"/>: each open staff task with its case's filter
/// fields), filtered, counted and paged in one table with its indexes; the page's case statuses are read by key.
/// Pages continue by key (<c>after</c>: the last row's deadline and arrival), so a deep page costs what the first does.
/// </summary>
public sealed class EfQueueReads(DisputesDbContext db) : IQueueReads
{
    public async Task<Page<QueueRow>> QueueOverviewAsync(QueueQuery query, QueueFilter filter, string? after, CancellationToken cancellationToken)
    {
        var cursor = after is null ? ((DateTimeOffset SortAt, long Seq)?)null : Cursor.Parse(after);
        var tasks = db.CaseTasks.AsNoTracking().InQueue(query);
        if (!string.IsNullOrEmpty(filter.Category))
        {
            if (!Categories.TryParse(filter.Category, out var category)) return new Page<QueueRow>([], query.Page, query.PageSize, 0);
            tasks = tasks.Where(t => t.Category == category);
        }
        if (filter.MinValue is { } min) tasks = tasks.Where(t => t.AmountPaid >= min);
        if (filter.MaxValue is { } max) tasks = tasks.Where(t => t.AmountPaid <= max);
        if (!string.IsNullOrEmpty(filter.Language)) tasks = tasks.Where(t => t.Language == filter.Language);
        if (filter.MinAgeDays is { } days)
        {
            var filedBy = query.Now.AddDays(-days);
            tasks = tasks.Where(t => t.FiledAt <= filedBy);
        }
        var total = await tasks.CountAsync(cancellationToken);
        var page = tasks;
        if (cursor is { } c) page = page.Where(t => t.SortAt > c.SortAt || (t.SortAt == c.SortAt && t.Seq > c.Seq));
        page = page.OrderBy(t => t.SortAt).ThenBy(t => t.Seq);
        if (cursor is null) page = page.Skip((query.Page - 1) * query.PageSize);
        // One row more than the page tells whether another page follows.
        var rows = await page.Take(query.PageSize + 1).ToListAsync(cancellationToken);
        var more = rows.Count > query.PageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        var ids = rows.Select(r => r.CaseId).Distinct().ToList();
        var statuses = await db.Complaints.AsNoTracking().Where(x => ids.Contains(x.Id)).Select(x => new { x.Id, x.Status }).ToDictionaryAsync(x => x.Id, x => x.Status, cancellationToken);
        var items = rows.Select(r => new QueueRow(
            CaseTaskProjection.ToTask(r),
            r.CaseId, r.Number, (statuses.TryGetValue(r.CaseId, out var status) ? status : ComplaintStatus.Open).ToString(), r.Category.Name(), r.AmountPaid, r.Currency, r.Language, r.FiledAt)).ToList();
        var next = more ? Cursor.Format(rows[^1].SortAt, rows[^1].Seq) : null;
        return new Page<QueueRow>(items, query.Page, query.PageSize, total) { Next = next };
    }

    /// <summary>The key of a queue row: its sort time (UTC ticks) and arrival number.</summary>
    private static class Cursor
    {
        public static string Format(DateTimeOffset sortAt, long seq) => $"{sortAt.UtcTicks}.{seq}";

        public static (DateTimeOffset, long) Parse(string text)
        {
            var parts = text.Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
                return (new DateTimeOffset(ticks, TimeSpan.Zero), seq);
            throw new Disputes.Domain.DomainRuleException("after", "'after' is the 'next' value of a previous page of this queue.");
        }
    }
}
