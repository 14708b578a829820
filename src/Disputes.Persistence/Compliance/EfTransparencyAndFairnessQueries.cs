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
        (await db.Complaints.AsNoTracking().Where(c => c.FiledAt >= from && c.FiledAt < to)
            .GroupBy(c => new { c.Category, c.ComplainantSide }).Select(g => new { g.Key.Category, g.Key.ComplainantSide, Count = g.Count() }).ToListAsync(cancellationToken))
        .Select(x => (x.Category.Name(), x.ComplainantSide.ToString().ToLowerInvariant(), x.Count)).ToList();

    public async Task<IReadOnlyList<DecisionFact>> DecisionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await db.Decisions.AsNoTracking().Where(d => d.DecidedAt >= from && d.DecidedAt < to && TookEffect.Contains(d.Status))
            .Select(d => new { d.ComplaintId, d.Number, d.Stage, d.Status, d.Category, d.OutcomeKinds, d.FiledAt, d.DecidedAt, d.ApprovedBy, d.ComplainantSide }).ToListAsync(cancellationToken))
        .Select(d => new DecisionFact(d.ComplaintId, d.Number, d.Stage, d.Status, d.Category, EfDecisionExportSource.Split(d.OutcomeKinds), d.FiledAt, d.DecidedAt, d.ApprovedBy,
            d.ComplainantSide)).ToList();

    public async Task<int> PendingAppealsAsync(CancellationToken cancellationToken) =>
        await db.Complaints.CountAsync(c => c.Status == ComplaintStatus.UnderAppeal, cancellationToken);

    public async Task<int> CasesSignpostedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking().Where(o => o.Kind == EffectKinds.Signpost && o.Status == OutboxStatus.Done && o.ProcessedAt >= from && o.ProcessedAt < to)
            .Select(o => o.InstanceId).Distinct().CountAsync(cancellationToken);

    public async Task<IReadOnlyList<ExternalOutcomeFact>> ExternalOutcomesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await db.ExternalOutcomes.AsNoTracking().Where(e => e.DecidedAt >= from && e.DecidedAt < to).ToListAsync(cancellationToken))
            .Select(e => new ExternalOutcomeFact(e.ComplaintId, e.BodyId, e.Outcome, e.SubmittedAt, e.DecidedAt, e.Implemented)).ToList();

    public async Task<IReadOnlyDictionary<Guid, (string ComplainantId, string RespondentId, IReadOnlyDictionary<int, IReadOnlyList<string>> Suspended)>> SuspensionsAsync(
        IReadOnlyCollection<Guid> complaintIds, CancellationToken cancellationToken)
    {
        if (complaintIds.Count == 0) return new Dictionary<Guid, (string, string, IReadOnlyDictionary<int, IReadOnlyList<string>>)>();
        var cases = await db.Complaints.AsNoTracking().Where(c => complaintIds.Contains(c.Id)).ToListAsync(cancellationToken);
        return cases.ToDictionary(c => c.Id, c => (c.ComplainantId, c.RespondentId, (IReadOnlyDictionary<int, IReadOnlyList<string>>)c.Decisions.ToDictionary(
            d => d.Number, d => (IReadOnlyList<string>)d.Outcomes.Where(o => o.Kind == OutcomeKind.AccountSuspension && o.AccountId is not null).Select(o => o.AccountId!).ToList())));
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
            .OrderBy(a => a.Sequence).ToListAsync(cancellationToken);
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
