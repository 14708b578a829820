using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Fairness;
using Disputes.Application.Compliance.Transparency;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>The transparency and fairness queries: over <c>complaints</c>, <c>case_decisions</c>, the outbox, external outcomes, conflicts and the audit trail.</summary>
public sealed class EfTransparencyAndFairnessQueries(DisputesDbContext db) : ITransparencyQueries, IFairnessQueries
{
    private static readonly string[] TookEffect = ["Effective", "Confirmed", "Reversed"];

    public async Task<IReadOnlyList<(string Category, string Side, int Count)>> ComplaintsFiledAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await PlannedForThePeriodAsync(() => db.Complaints.AsNoTracking().Where(c => c.FiledAt >= from && c.FiledAt < to)
            .GroupBy(c => new { c.Category, c.ComplainantSide }).Select(g => new { g.Key.Category, g.Key.ComplainantSide, Count = g.Count() }).ToListAsync(cancellationToken), cancellationToken))
        .Select(x => (x.Category.Name(), x.ComplainantSide.ToString().ToLowerInvariant(), x.Count)).ToList();

    public async Task<IReadOnlyList<DecisionCount>> DecisionCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await PlannedForThePeriodAsync(() => db.Decisions.AsNoTracking().Where(d => d.DecidedAt >= from && d.DecidedAt < to && TookEffect.Contains(d.Status))
            .GroupBy(d => new { d.Stage, d.Status, d.OutcomeKinds, Approved = d.ApprovedBy != null })
            .Select(g => new { g.Key.Stage, g.Key.Status, g.Key.OutcomeKinds, g.Key.Approved, Count = g.Count() }).ToListAsync(cancellationToken), cancellationToken))
        .Select(g => new DecisionCount(g.Stage, g.Status, g.OutcomeKinds, g.Approved, g.Count)).ToList();

    /// <summary>
    /// PostgreSQL: runs <paramref name="query"/> planned for its values (<c>SET LOCAL plan_cache_mode =
    /// force_custom_plan</c>, in a transaction of its own unless one is open). A prepared statement's generic plan does
    /// not know the period: it guessed a year of a million cases to be a few thousand rows and read half of them through
    /// an index and sorted them (2 s instead of 0.6 s). A report runs rarely; planning it each time costs a millisecond.
    /// </summary>
    private async Task<T> PlannedForThePeriodAsync<T>(Func<Task<T>> query, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres) return await query();
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", cancellationToken);
            var result = await query();
            if (own is not null) await own.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    public async Task<double?> MedianHoursToDecisionAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> stages, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQueryRaw<double?>(
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (\"DecidedAt\" - \"FiledAt\")) / 3600.0)::float8 AS \"Value\" " +
                    "FROM case_decisions WHERE \"DecidedAt\" >= @from AND \"DecidedAt\" < @to AND \"Status\" = ANY(@statuses) AND \"Stage\" = ANY(@stages)",
                    new Npgsql.NpgsqlParameter("from", from.ToUniversalTime()), new Npgsql.NpgsqlParameter("to", to.ToUniversalTime()),
                    new Npgsql.NpgsqlParameter("statuses", TookEffect), new Npgsql.NpgsqlParameter("stages", stages.ToArray()))
                .SingleAsync(cancellationToken);
        }
        // SQLite (embedded, one node): two timestamps per decision of the period.
        var rows = await db.Decisions.AsNoTracking().Where(d => d.DecidedAt >= from && d.DecidedAt < to && TookEffect.Contains(d.Status) && stages.Contains(d.Stage))
            .Select(d => new { d.FiledAt, d.DecidedAt }).ToListAsync(cancellationToken);
        var sorted = rows.Select(r => (r.DecidedAt - r.FiledAt).TotalHours).Order().ToList();
        if (sorted.Count == 0) return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static readonly string Suspension = OutcomeKind.AccountSuspension.Name();

    /// <summary>
    /// PostgreSQL: the period's suspending decisions through their terms, the suspended accounts from the case's
    /// decisions (JSON), less those an earlier decision of the case suspended; grouped by what the label depends on.
    /// </summary>
    private const string SuspensionCountsSql = """
        SELECT CASE WHEN a.account = c."ComplainantId" THEN 'complainant' ELSE 'respondent' END AS "Suspended",
               CASE WHEN d."Stage" = 'Appeal' THEN 'appeal' ELSE 'first-instance' END AS "Stage",
               d."ComplainantSide" AS "ComplainantSide", d."Category" AS "Category", count(*)::int AS "Count"
        FROM case_decision_terms t
        JOIN case_decisions d ON d."ComplaintId" = t."ComplaintId" AND d."Number" = t."Number"
        JOIN complaints c ON c."Id" = t."ComplaintId"
        CROSS JOIN LATERAL (
            SELECT o ->> 'accountId' AS account
            FROM jsonb_array_elements(c."Decisions"::jsonb) e, jsonb_array_elements(e -> 'outcomes') o
            WHERE (e ->> 'number')::int = t."Number" AND o ->> 'kind' = 'AccountSuspension' AND o ->> 'accountId' IS NOT NULL) a
        WHERE t."Facet" = 'outcome' AND t."Value" = @kind AND t."DecidedAt" >= @from AND t."DecidedAt" < @to AND d."Status" = ANY(@statuses)
          AND NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements(c."Decisions"::jsonb) e, jsonb_array_elements(e -> 'outcomes') o
            WHERE (e ->> 'number')::int < t."Number" AND o ->> 'kind' = 'AccountSuspension' AND o ->> 'accountId' = a.account)
        GROUP BY 1, 2, 3, 4
        """;

    public async Task<IReadOnlyList<SuspensionCount>> SuspensionCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQueryRaw<SuspensionCount>(SuspensionCountsSql,
                    new Npgsql.NpgsqlParameter("kind", Suspension), new Npgsql.NpgsqlParameter("from", from.ToUniversalTime()),
                    new Npgsql.NpgsqlParameter("to", to.ToUniversalTime()), new Npgsql.NpgsqlParameter("statuses", TookEffect))
                .ToListAsync(cancellationToken);
        }
        // SQLite (embedded, one node): the period's suspending decisions and their cases are read.
        var terms = db.Set<DecisionTermRow>();
        var suspending = await db.Decisions.AsNoTracking()
            .Where(d => d.DecidedAt >= from && d.DecidedAt < to && TookEffect.Contains(d.Status)
                && terms.Any(t => t.ComplaintId == d.ComplaintId && t.Number == d.Number && t.Facet == DecisionTerms.Outcome && t.Value == Suspension))
            .Select(d => new { d.ComplaintId, d.Number, d.Stage, d.Category, d.ComplainantSide }).ToListAsync(cancellationToken);
        if (suspending.Count == 0) return [];
        var ids = suspending.Select(d => d.ComplaintId).Distinct().ToList();
        var cases = await db.Complaints.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var counts = new Dictionary<(string Suspended, string Stage, string Side, string Category), int>();
        foreach (var d in suspending)
        {
            if (!cases.TryGetValue(d.ComplaintId, out var c) || c.Decisions.FirstOrDefault(x => x.Number == d.Number) is not { } decision) continue;
            foreach (var account in SuspendedAccounts(decision))
            {
                if (c.Decisions.Any(e => e.Number < d.Number && SuspendedAccounts(e).Contains(account))) continue;
                var key = (account == c.ComplainantId ? "complainant" : "respondent", d.Stage == "Appeal" ? "appeal" : "first-instance", d.ComplainantSide, d.Category);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts.Select(kv => new SuspensionCount(kv.Key.Suspended, kv.Key.Stage, kv.Key.Side, kv.Key.Category, kv.Value)).ToList();
    }

    private static IEnumerable<string> SuspendedAccounts(Decision decision) =>
        decision.Outcomes.Where(o => o.Kind == OutcomeKind.AccountSuspension && o.AccountId is not null).Select(o => o.AccountId!);

    public async Task<int> PendingAppealsAsync(CancellationToken cancellationToken) =>
        await db.Complaints.CountAsync(c => c.Status == ComplaintStatus.UnderAppeal, cancellationToken);

    public async Task<int> CasesSignpostedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking().Where(o => o.Kind == EffectKinds.Signpost && o.Status == OutboxStatus.Done && o.ProcessedAt >= from && o.ProcessedAt < to)
            .Select(o => o.InstanceId).Distinct().CountAsync(cancellationToken);

    public async Task<ExternalOutcomeFigures> ExternalOutcomeFiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var inPeriod = db.ExternalOutcomes.AsNoTracking().Where(e => e.DecidedAt >= from && e.DecidedAt < to);
        var byOutcome = (await inPeriod.GroupBy(e => e.Outcome).Select(g => new { g.Key, Count = g.Count(), Implemented = g.Count(e => e.Implemented) }).ToListAsync(cancellationToken))
            .Select(g => new ExternalOutcomeCount(g.Key, g.Count, g.Implemented)).ToList();
        if (byOutcome.Count == 0) return new ExternalOutcomeFigures([], null);
        if (db.IsPostgres)
        {
            var median = await db.Database.SqlQueryRaw<double?>(
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (\"DecidedAt\" - \"SubmittedAt\")) / 86400.0)::float8 AS \"Value\" " +
                    "FROM external_outcomes WHERE \"DecidedAt\" >= @from AND \"DecidedAt\" < @to",
                    new Npgsql.NpgsqlParameter("from", from.ToUniversalTime()), new Npgsql.NpgsqlParameter("to", to.ToUniversalTime()))
                .SingleAsync(cancellationToken);
            return new ExternalOutcomeFigures(byOutcome, median);
        }
        // SQLite (embedded, one node): two timestamps per reported outcome of the period.
        var spans = await inPeriod.Select(e => new { e.SubmittedAt, e.DecidedAt }).ToListAsync(cancellationToken);
        var sorted = spans.Select(e => (e.DecidedAt - e.SubmittedAt).TotalDays).Order().ToList();
        var mid = sorted.Count / 2;
        return new ExternalOutcomeFigures(byOutcome, sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    public void AddExternalOutcome(ExternalOutcomeFact outcome, string reportedBy, DateTimeOffset reportedAt) =>
        db.ExternalOutcomes.Add(new ExternalOutcomeRow
        {
            Id = Guid.CreateVersion7(reportedAt), ComplaintId = outcome.ComplaintId, BodyId = outcome.BodyId, Outcome = outcome.Outcome, SubmittedAt = outcome.SubmittedAt,
            DecidedAt = outcome.DecidedAt, Implemented = outcome.Implemented, ReportedBy = reportedBy, ReportedAt = reportedAt,
        });

    async Task<IReadOnlyList<FairnessDecision>> IFairnessQueries.DecisionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await db.Decisions.AsNoTracking().Where(d => d.DecidedAt >= from && d.DecidedAt < to && (d.Stage == "Review" || d.Stage == "Expert"))
            .Select(d => new { d.ComplaintId, d.CaseNumber, d.Number, d.Stage, d.Status, d.Category, d.OutcomeKinds, d.DecidedBy, d.FiledAt, d.DecidedAt, d.ApprovedBy, d.NeedsSecondApproval })
            .ToListAsync(cancellationToken))
        .Select(d => new FairnessDecision(d.ComplaintId, d.CaseNumber, d.Number, d.Stage, d.Status, d.Category, EfDecisionExportSource.Split(d.OutcomeKinds), d.DecidedBy,
            d.FiledAt, d.DecidedAt, d.ApprovedBy, d.NeedsSecondApproval)).ToList();

    public async Task<IReadOnlyDictionary<string, int>> RecusalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await db.Conflicts.AsNoTracking().Where(c => c.DeclaredAt >= from && c.DeclaredAt < to).GroupBy(c => c.ReviewerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

    public async Task<IReadOnlyList<AssignmentOverride>> OverridesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.AuditEntries.AsNoTracking().Where(a => (a.Action == "task.claimed" || a.Action == "task.released") && a.At >= from && a.At < to)
            .OrderBy(a => a.At).ThenBy(a => a.TxId).ThenBy(a => a.Ordinal).ToListAsync(cancellationToken);
        var result = new List<AssignmentOverride>();
        foreach (var r in rows)
        {
            var data = JsonNode.Parse(r.Data) as JsonObject;
            // Giving back one's own task is not an override; taking it from someone else, or claiming past the rules, is.
            if (r.Action == "task.released" && data?["byAssignee"]?.GetValue<bool>() == true) continue;
            result.Add(new AssignmentOverride(r.CaseId, r.Action, r.Actor, r.Role, r.At, data?["activity"]?.ToString(), data?["previousAssignee"]?.ToString()));
        }
        return result;
    }
}
