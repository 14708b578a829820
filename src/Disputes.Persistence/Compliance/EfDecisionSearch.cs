using Disputes.Workflows.Runtime;
using Disputes.Application.Compliance;
using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>
/// Decisions from <c>case_decisions</c> (outcomes and clauses are stored as <c>,a,b,</c>, so one LIKE finds one of
/// them) and SLA breaches from the workflow journal.
/// </summary>
public sealed class EfDecisionSearch(DisputesDbContext db) : IDecisionSearch
{
    public async Task<Page<DecisionHit>> SearchAsync(DecisionFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Decisions.AsNoTracking();
        if (filter.From is { } from) query = query.Where(d => d.DecidedAt >= from);
        if (filter.To is { } to) query = query.Where(d => d.DecidedAt < to);
        if (!string.IsNullOrWhiteSpace(filter.Outcome))
        {
            var pattern = "%," + filter.Outcome.Trim() + ",%";
            query = query.Where(d => EF.Functions.Like(d.OutcomeKinds, pattern));
        }
        if (!string.IsNullOrWhiteSpace(filter.Clause))
        {
            var pattern = "%," + filter.Clause.Trim() + ",%";
            query = query.Where(d => EF.Functions.Like(d.Clauses, pattern));
        }
        if (!string.IsNullOrWhiteSpace(filter.Category)) query = query.Where(d => d.Category == filter.Category.Trim());
        if (!string.IsNullOrWhiteSpace(filter.DecidedBy)) query = query.Where(d => d.DecidedBy == filter.DecidedBy.Trim());

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.DecidedAt).ThenBy(d => d.CaseNumber).ThenBy(d => d.Number)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<DecisionHit>(rows.Select(ToHit).ToList(), page, pageSize, total);
    }

    public async Task<IReadOnlyList<BreachHit>> BreachesAsync(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyCollection<string> steps, CancellationToken cancellationToken)
    {
        var query = db.Journal.AsNoTracking().Where(j => j.Event == JournalEvents.DeadlinePassed && j.ActivityId != null && steps.Contains(j.ActivityId));
        if (from is { } f) query = query.Where(j => j.At >= f);
        if (to is { } t) query = query.Where(j => j.At < t);
        return (await query.Select(j => new { j.At, j.ActivityId }).ToListAsync(cancellationToken)).Select(j => new BreachHit(j.At, j.ActivityId!)).ToList();
    }

    public async Task<IReadOnlyList<DecisionGroup>> DecisionGroupsAsync(DateTimeOffset from, DateTimeOffset to, string? category, CancellationToken cancellationToken) =>
        (await InPeriod(from, to, category).GroupBy(d => new { d.Stage, d.Status, d.OutcomeKinds })
            .Select(g => new { g.Key.Stage, g.Key.Status, g.Key.OutcomeKinds, Count = g.Count() }).ToListAsync(cancellationToken))
        .Select(g => new DecisionGroup(g.Stage, g.Status, g.OutcomeKinds, g.Count)).ToList();

    public async Task<DurationSummary> FirstDecisionDaysAsync(DateTimeOffset from, DateTimeOffset to, string? category, IReadOnlyCollection<string> statuses, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // The first decision of each case in the period (DISTINCT ON), then count, mean and median in one pass.
            var sql = """
                SELECT count(*)::int AS "Count", coalesce(avg(days), 0)::float8 AS "AverageDays",
                       coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY days), 0)::float8 AS "MedianDays"
                FROM (SELECT DISTINCT ON ("ComplaintId") extract(epoch FROM ("DecidedAt" - "FiledAt")) / 86400.0 AS days
                      FROM case_decisions
                      WHERE "DecidedAt" >= {0} AND "DecidedAt" < {1} AND "Stage" <> 'Appeal' AND "Status" = ANY({2}) AND ({3}::text IS NULL OR "Category" = {3})
                      ORDER BY "ComplaintId", "Number") first_decisions
                """;
            return await db.Database.SqlQueryRaw<DurationSummary>(sql.Replace("{0}", "@p0").Replace("{1}", "@p1").Replace("{2}", "@p2").Replace("{3}", "@p3"),
                new Npgsql.NpgsqlParameter("p0", from), new Npgsql.NpgsqlParameter("p1", to), new Npgsql.NpgsqlParameter("p2", statuses.ToArray()),
                new Npgsql.NpgsqlParameter("p3", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)category ?? DBNull.Value }).SingleAsync(cancellationToken);
        }
        // SQLite (embedded, one node): the month's first decisions are read as two timestamps each.
        var rows = await InPeriod(from, to, category).Where(d => d.Stage != "Appeal" && statuses.Contains(d.Status))
            .Select(d => new { d.ComplaintId, d.Number, d.FiledAt, d.DecidedAt }).ToListAsync(cancellationToken);
        var days = rows.GroupBy(r => r.ComplaintId).Select(g => g.MinBy(r => r.Number)!).Select(r => (r.DecidedAt - r.FiledAt).TotalDays).Order().ToList();
        if (days.Count == 0) return new DurationSummary(0, 0, 0);
        var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
        return new DurationSummary(days.Count, days.Average(), median);
    }

    public async Task<IReadOnlyDictionary<string, int>> BreachCountsAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> steps, CancellationToken cancellationToken) =>
        await db.Journal.AsNoTracking().Where(j => j.Event == JournalEvents.DeadlinePassed && j.ActivityId != null && steps.Contains(j.ActivityId) && j.At >= from && j.At < to)
            .GroupBy(j => j.ActivityId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

    public async Task<(DateTimeOffset First, DateTimeOffset Last)?> DecisionSpanAsync(string? category, CancellationToken cancellationToken)
    {
        var q = db.Decisions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(category)) q = q.Where(d => d.Category == category.Trim());
        var first = await q.OrderBy(d => d.DecidedAt).Select(d => (DateTimeOffset?)d.DecidedAt).FirstOrDefaultAsync(cancellationToken);
        if (first is null) return null;
        var last = await q.OrderByDescending(d => d.DecidedAt).Select(d => d.DecidedAt).FirstAsync(cancellationToken);
        return (first.Value, last);
    }

    private IQueryable<DecisionRow> InPeriod(DateTimeOffset from, DateTimeOffset to, string? category)
    {
        var q = db.Decisions.AsNoTracking().Where(d => d.DecidedAt >= from && d.DecidedAt < to);
        if (!string.IsNullOrWhiteSpace(category)) q = q.Where(d => d.Category == category.Trim());
        return q;
    }

    private static DecisionHit ToHit(DecisionRow r) => new(
        r.ComplaintId, r.CaseNumber, r.Number, r.Stage, r.Status, r.Category, r.Language,
        Split(r.OutcomeKinds), Split(r.Clauses), r.DecidedBy, r.DecidedAt, r.ApprovedBy, r.ApprovedAt, r.FiledAt, r.AmountPaid, r.Currency, r.AppealableUntil);

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
