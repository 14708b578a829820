using Disputes.Application.Security;
using Disputes.Domain.Complaints;
using Disputes.Domain.Review;

namespace Disputes.Application.Complaints;

/// <summary>Who gets a staff task, and the rule that chose them (kept in the audit trail).</summary>
public sealed record Assignment(string AssigneeId, string Rule, int OpenTasks);

/// <summary>
/// Chooses the holder of a newly opened staff task from the contract's exclusions: the reviewer who asked a party
/// for information keeps the review when it comes back (unless they can no longer take it); otherwise the
/// least-loaded eligible person in the step's role (ties: smallest id), read from the per-person counters
/// (<see cref="IStaffLoads"/>), not recounted. Returns null when nobody may take it; the task then waits in the
/// unassigned queue. The chosen person's counter stays reserved until the caller's transaction ends: the task must
/// be given to them in that transaction.
/// </summary>
public sealed class TaskAssigner(IComplaintRepository complaints, IStaffLoads loads, IUserDirectory users)
{
    /// <summary>The holder of a task of step <paramref name="stepId"/> opening now; <paramref name="closing"/> are the tasks the same transaction closes.</summary>
    public async Task<Assignment?> ChooseAsync(Complaint complaint, string stepId, IReadOnlyCollection<Guid> closing, CancellationToken cancellationToken)
    {
        if (ComplaintProcess.Find(stepId) is not { IsStaff: true } step) return null;
        var context = await ContextAsync(complaint, [], SystemUser.Instance, cancellationToken);
        var eligible = users.InRole(step.Role).Select(u => u.Id).Where(id => CaseActions.Excluded(context, step, id) is null).ToList();
        string? note = null;
        if (step.Id == ComplaintProcess.Steps.Review && CaseActions.InformationRequestedBy(complaint) is { } keeper)
        {
            if (eligible.Contains(keeper)) return new Assignment(keeper, "kept by the reviewer who asked for information", 0);
            note = $"; {keeper}, who asked for information, can no longer take it ({WhyNot(context, step, keeper)})";
        }
        if (eligible.Count == 0) return null;
        if (await loads.ReserveLeastLoadedAsync(eligible, closing, cancellationToken) is not { } chosen) return null;
        return new Assignment(chosen.Id, "least-loaded eligible" + note, chosen.OpenTasks);
    }

    /// <summary>What <see cref="CaseActions"/> needs about a case: its parties' declared conflicts and the experts who could take it.</summary>
    public async Task<CaseContext> ContextAsync(Complaint complaint, IReadOnlyList<CaseTask> tasks, ICurrentUser user, CancellationToken cancellationToken)
    {
        var parties = new[] { complaint.BuyerId, complaint.SellerId };
        var conflicts = await complaints.ConflictsAsync(parties, cancellationToken);
        var conflicted = conflicts.Select(c => c.ReviewerId).ToHashSet(StringComparer.Ordinal);
        var experts = users.InRole(Roles.Expert).Select(u => u.Id).Where(id => !parties.Contains(id) && !conflicted.Contains(id)).ToList();
        return new CaseContext(user, complaint, tasks, conflicts, experts);
    }

    private string WhyNot(CaseContext context, StepContract step, string personId) =>
        users.Find(personId) is not { } person || !person.Roles.Contains(step.Role)
            ? $"no longer in the role '{step.Role}'"
            : CaseActions.Excluded(context, step, personId)?.Reason ?? "not eligible";
}
