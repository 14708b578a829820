using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Complaints;

/// <summary>How one decision of a case becomes a <see cref="DecisionRow"/>.</summary>
public static class DecisionProjection
{
    public static void Fill(DecisionRow row, Complaint complaint, Decision decision)
    {
        row.CaseNumber = complaint.Number;
        row.Category = complaint.Category.Name();
        row.Language = complaint.Language;
        row.ComplainantSide = complaint.ComplainantSide.ToString().ToLowerInvariant();
        row.BuyerId = complaint.BuyerId;
        row.SellerId = complaint.SellerId;
        row.Currency = complaint.Currency;
        row.AmountPaid = complaint.AmountPaid;
        row.FiledAt = complaint.FiledAt;
        row.Stage = decision.Stage.ToString();
        row.Status = decision.Status.ToString();
        row.OutcomeKinds = Delimited(decision.Outcomes.Select(o => o.Kind.Name()).Distinct());
        row.Clauses = Delimited(decision.Clauses);
        row.DecidedBy = decision.DecidedBy;
        row.DecidedAt = decision.DecidedAt;
        row.ApprovedBy = decision.ApprovedBy;
        row.ApprovedAt = decision.ApprovedAt;
        row.NeedsSecondApproval = decision.NeedsSecondApproval;
        row.AppealableUntil = decision.AppealableUntil;
    }

    /// <summary>
    /// Projects the decisions of cases stored before <c>case_decisions</c> existed (a database migrated from an
    /// earlier version). Runs at start-up after the migrations; does nothing once every decided case has its rows.
    /// An open case whose only decision awaits approval or was rejected is projected at its next decision.
    /// </summary>
    public static async Task BackfillAsync(DisputesDbContext db, CancellationToken cancellationToken)
    {
        // NOT EXISTS (an anti-join), not NOT IN: PostgreSQL cannot turn NOT IN over a subquery into an anti-join, and
        // once the decisions' ids do not fit in work_mem it rescans them for every case (at a million cases start-up
        // timed out here).
        var candidates = await db.Complaints.AsNoTracking()
            .Where(c => c.Status != ComplaintStatus.Open && c.Status != ComplaintStatus.Settled && !db.Decisions.Any(d => d.ComplaintId == c.Id))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var batch in candidates.Chunk(200))
        {
            foreach (var complaint in await db.Complaints.AsNoTracking().Where(c => batch.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                foreach (var decision in complaint.Decisions)
                {
                    var row = new DecisionRow { ComplaintId = complaint.Id, Number = decision.Number };
                    Fill(row, complaint, decision);
                    db.Decisions.Add(row);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>",a,b," so that a filter for one value is <c>LIKE '%,a,%'</c>.</summary>
    public static string Delimited(IEnumerable<string> values) => "," + string.Join(",", values) + ",";
}
