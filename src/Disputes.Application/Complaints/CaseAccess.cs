using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;

namespace Disputes.Application.Complaints;

/// <summary>
/// Who may see a case (per resource, beyond the role): a party sees only their own cases; a reviewer or expert
/// the cases they hold a task on, could claim, or worked on (decided, approved, decided an appeal, asked a party
/// for information, escalated); a lead and compliance staff every case.
/// A case the caller may not see is reported as not found, so that ids cannot be probed.
/// </summary>
public static class CaseAccess
{
    public static bool CanView(ICurrentUser user, Complaint complaint, IReadOnlyList<CaseTask> openTasks)
    {
        if (user.IsIn(Roles.Compliance) || user.IsIn(Roles.Lead)) return true;
        if (complaint.IsParty(user.Id)) return true;
        if (user.IsIn(Roles.Reviewer) || user.IsIn(Roles.Expert))
        {
            return complaint.DecisionParticipants.Contains(user.Id) || WorkedOn(complaint, user.Id)
                || openTasks.Any(t => t.Assignee == user.Id || (t.Assignee is null && IsStaffRole(t.Role) && user.IsIn(t.Role)));
        }
        return false;
    }

    public static bool IsStaffRole(string role) => ComplaintProcess.StaffRoles.Contains(role);

    /// <summary>A staff member who wrote on the case as staff (an information request, escalation guidance) keeps read access.</summary>
    private static bool WorkedOn(Complaint complaint, string userId) =>
        complaint.Messages.Any(m => m.AuthorId == userId && m.Kind is MessageKind.InformationRequest or MessageKind.Guidance);

    public static void RequireParty(ICurrentUser user, Complaint complaint)
    {
        if (!complaint.IsParty(user.Id)) throw new CaseAccessDeniedException("Only a party to this case can do this.");
    }
}

public sealed class CaseNotFoundException(Guid id) : Exception($"Case {id} does not exist or is not visible to you.");

public sealed class PreconditionFailedException(string message) : Exception(message);

public sealed class PreconditionRequiredException(string message) : Exception(message);
