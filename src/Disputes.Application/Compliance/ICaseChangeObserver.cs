using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Compliance;

/// <summary>A case as it was loaded (before this unit of work changed it).</summary>
public sealed record CaseSnapshot(ComplaintStatus Status, IReadOnlyList<CaseMessage> Messages, IReadOnlyList<EvidenceFile> Evidence, IReadOnlyList<Decision> Decisions, SettlementOffer? Settlement);

/// <summary>One case about to be saved: <see cref="Before"/> is null for a new case.</summary>
public sealed record CaseChange(CaseSnapshot? Before, Complaint After);

/// <summary>
/// Told by the complaint store, just before it writes, which cases changed and how. What an observer adds to the unit
/// of work (audit entries, statements of reasons) is written by the same SaveChanges, in the same transaction.
/// </summary>
public interface ICaseChangeObserver
{
    Task OnSavingAsync(IReadOnlyList<CaseChange> changes, CancellationToken cancellationToken);
}
