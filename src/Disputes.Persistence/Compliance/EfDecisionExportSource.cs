using System.Runtime.CompilerServices;
using Disputes.Application.Compliance.Exports;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>Streams <c>case_decisions</c> rows with a no-tracking query: one row in memory at a time.</summary>
public sealed class EfDecisionExportSource(DisputesDbContext db) : IDecisionExportSource
{
    public async IAsyncEnumerable<DecisionExportRow> StreamAsync(DecisionExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var q = db.Decisions.AsNoTracking();
        if (filter.From is { } from) q = q.Where(d => d.DecidedAt >= from);
        if (filter.To is { } to) q = q.Where(d => d.DecidedAt < to);
        if (filter.Category is { } category) q = q.Where(d => d.Category == category);
        // Outcome kind and clause through their terms (ADR 0011): an index, not a scan of every stored list.
        var terms = db.Set<DecisionTermRow>();
        if (filter.Outcome is { } outcome)
            q = q.Where(d => terms.Any(t => t.ComplaintId == d.ComplaintId && t.Number == d.Number && t.Facet == DecisionTerms.Outcome && t.Value == outcome));
        if (filter.DecidedBy is { } by) q = q.Where(d => d.DecidedBy == by);
        if (filter.Stage is { } stage) q = q.Where(d => d.Stage == stage);
        if (filter.Status is { } status) q = q.Where(d => d.Status == status);
        if (filter.Clause is { } clause)
            q = q.Where(d => terms.Any(t => t.ComplaintId == d.ComplaintId && t.Number == d.Number && t.Facet == DecisionTerms.Clause && t.Value == clause));
        var rows = q.OrderBy(d => d.DecidedAt).ThenBy(d => d.ComplaintId).ThenBy(d => d.Number).AsAsyncEnumerable();
        await foreach (var d in rows.WithCancellation(cancellationToken))
        {
            yield return new DecisionExportRow(d.CaseNumber, d.ComplaintId, d.Number, d.Stage, d.Status, d.Category, Split(d.OutcomeKinds), Split(d.Clauses),
                d.DecidedBy, d.DecidedAt, d.ApprovedBy, d.ApprovedAt, d.NeedsSecondApproval, d.AppealableUntil, d.FiledAt, d.Language, d.ComplainantSide, d.Currency, d.AmountPaid);
        }
    }

    public static string[] Split(string delimited) => delimited.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
