using Disputes.Workflows.Runtime;
using Disputes.Application.Compliance;
using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>
/// Decisions from <c>case_decisions</c>, found by outcome kind or clause through <c>case_decision_terms</c> (one row
/// per kind and per clause of each decision, ADR 0011), and SLA breaches from the workflow journal.
/// </summary>
public sealed class EfDecisionSearch(DisputesDbContext db) : IDecisionSearch
{
    public async Task<Page<DecisionHit>> SearchAsync(DecisionFilter filter, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var cursor = after is null ? ((DateTimeOffset At, string CaseNumber, int Number)?)null : Cursor.Parse(after);
        var skip = cursor is null ? (page - 1) * pageSize : 0;
        var outcome = Given(filter.Outcome);
        var clause = Given(filter.Clause);
        var category = Given(filter.Category);
        var decidedBy = Given(filter.DecidedBy);
        if (outcome is null && clause is null)
        {
            var query = db.Decisions.AsNoTracking();
            if (filter.From is { } from) query = query.Where(d => d.DecidedAt >= from);
            if (filter.To is { } to) query = query.Where(d => d.DecidedAt < to);
            if (category is not null) query = query.Where(d => d.Category == category);
            if (decidedBy is not null) query = query.Where(d => d.DecidedBy == decidedBy);
            var total = await query.CountAsync(cancellationToken);
            if (cursor is { } c)
                query = query.Where(d => d.DecidedAt < c.At || (d.DecidedAt == c.At && (string.Compare(d.CaseNumber, c.CaseNumber) > 0 || (d.CaseNumber == c.CaseNumber && d.Number > c.Number))));
            // One row more than the page tells whether another page follows.
            var rows = await query.OrderByDescending(d => d.DecidedAt).ThenBy(d => d.CaseNumber).ThenBy(d => d.Number)
                .Skip(skip).Take(pageSize + 1).ToListAsync(cancellationToken);
            var more = rows.Count > pageSize;
            if (more) rows.RemoveAt(rows.Count - 1);
            return new Page<DecisionHit>(rows.Select(ToHit).ToList(), page, pageSize, total) { Next = more ? Cursor.Format(rows[^1].DecidedAt, rows[^1].CaseNumber, rows[^1].Number) : null };
        }

        // By outcome kind or clause: the total is counted from one index range of the terms, the page is its first
        // rows in search order, then those decisions are read by key.
        var terms = TermsMatching(filter, outcome, clause, category, decidedBy);
        var count = await terms.CountAsync(cancellationToken);
        if (cursor is { } k)
            terms = terms.Where(t => t.DecidedAt < k.At || (t.DecidedAt == k.At && (string.Compare(t.CaseNumber, k.CaseNumber) > 0 || (t.CaseNumber == k.CaseNumber && t.Number > k.Number))));
        var keys = await terms.OrderByDescending(t => t.DecidedAt).ThenBy(t => t.CaseNumber).ThenBy(t => t.Number)
            .Skip(skip).Take(pageSize + 1).Select(t => new { t.ComplaintId, t.Number, t.DecidedAt, t.CaseNumber }).ToListAsync(cancellationToken);
        var next = keys.Count > pageSize ? keys[pageSize - 1] : null;
        if (next is not null) keys.RemoveAt(keys.Count - 1);
        return new Page<DecisionHit>(await ByKeyAsync(keys.Select(x => (x.ComplaintId, x.Number)).ToList(), cancellationToken), page, pageSize, count)
        {
            Next = next is null ? null : Cursor.Format(next.DecidedAt, next.CaseNumber, next.Number),
        };
    }

    /// <summary>The key of a decision in search order: its time (UTC ticks), case number and decision number.</summary>
    private static class Cursor
    {
        public static string Format(DateTimeOffset at, string caseNumber, int number) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{at.UtcTicks}.{number}.{caseNumber}");

        public static (DateTimeOffset, string, int) Parse(string text)
        {
            var parts = text.Split('.', 3);
            if (parts.Length == 3 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && parts[2].Length is > 0 and <= 20)
                return (new DateTimeOffset(ticks, TimeSpan.Zero), parts[2], number);
            throw new Disputes.Domain.DomainRuleException("after", "'after' is the 'next' value of a previous page of this search.");
        }
    }

    /// <summary>The terms of the decisions that match: led by the outcome kind when one is given, else by the clause.</summary>
    private IQueryable<DecisionTermRow> TermsMatching(DecisionFilter filter, string? outcome, string? clause, string? category, string? decidedBy)
    {
        var all = db.Set<DecisionTermRow>().AsNoTracking();
        var terms = outcome is not null
            ? all.Where(t => t.Facet == DecisionTerms.Outcome && t.Value == outcome)
            : all.Where(t => t.Facet == DecisionTerms.Clause && t.Value == clause);
        if (category is not null) terms = terms.Where(t => t.Category == category);
        if (filter.From is { } from) terms = terms.Where(t => t.DecidedAt >= from);
        if (filter.To is { } to) terms = terms.Where(t => t.DecidedAt < to);
        if (outcome is not null && clause is not null)
            terms = terms.Where(t => all.Any(c => c.ComplaintId == t.ComplaintId && c.Number == t.Number && c.Facet == DecisionTerms.Clause && c.Value == clause));
        if (decidedBy is not null)
            terms = terms.Where(t => db.Decisions.Any(d => d.ComplaintId == t.ComplaintId && d.Number == t.Number && d.DecidedBy == decidedBy));
        return terms;
    }

    /// <summary>The decisions with these keys, in the order given.</summary>
    private async Task<List<DecisionHit>> ByKeyAsync(List<(Guid ComplaintId, int Number)> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        var ids = keys.Select(k => k.ComplaintId).Distinct().ToList();
        var rows = (await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.ComplaintId)).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.ComplaintId, d.Number));
        return keys.Where(rows.ContainsKey).Select(k => ToHit(rows[k])).ToList();
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
        if (db.IsPostgres)
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
