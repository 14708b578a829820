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

    private static DecisionHit ToHit(DecisionRow r) => new(
        r.ComplaintId, r.CaseNumber, r.Number, r.Stage, r.Status, r.Category, r.Language,
        Split(r.OutcomeKinds), Split(r.Clauses), r.DecidedBy, r.DecidedAt, r.ApprovedBy, r.ApprovedAt, r.FiledAt, r.AmountPaid, r.Currency, r.AppealableUntil);

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
