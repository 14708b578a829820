using Disputes.Application.Security;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Complaints;

/// <summary>
/// What parties see of staff: a role ("a reviewer", "a Trust &amp; Safety expert", "an appeal reviewer", "a team lead"),
/// never a name or a user id. The role keys are <c>role.*</c> texts of reference/notifications.json; the API gives
/// parties <c>role:&lt;key&gt;</c> in place of a staff id, for a page to say it in its language.
/// </summary>
public static class StaffRoles
{
    public const string Prefix = "role:";

    /// <summary>The role that took a decision: by its stage.</summary>
    public static string Of(Decision decision) => decision.Stage switch
    {
        DecisionStage.Review => Roles.Reviewer,
        DecisionStage.Expert => Roles.Expert,
        _ => "appeal-reviewer",
    };

    /// <summary>A staff author's role from the role a message was written in (reviewer, expert, lead); anyone else on staff is a reviewer.</summary>
    public static string OfAuthorRole(string authorRole) => authorRole switch
    {
        Roles.Expert => Roles.Expert,
        Roles.Lead => Roles.Lead,
        _ => Roles.Reviewer,
    };

    /// <summary>
    /// The case as a party sees it: deciders, approvers, staff authors, assignees and the people named in the timeline
    /// are replaced by <c>role:&lt;key&gt;</c>. The parties and the system keep their ids.
    /// </summary>
    public static ComplaintView ForParty(ComplaintView view, Complaint complaint)
    {
        // A party, the system, the timer or a role name stays; anyone else is a staff member.
        string? Hide(string? who, string role) =>
            who is null || complaint.IsParty(who) || who is SystemUser.SystemId or "timer" or ComplaintProcess.PartyRole || Roles.All.Contains(who) ? who : Prefix + role;
        return view with
        {
            Decisions = view.Decisions.Select(d => d with
            {
                DecidedBy = Prefix + (complaint.Decisions.FirstOrDefault(x => x.Number == d.Number) is { } decision ? Of(decision) : Roles.Reviewer),
                ApprovedBy = d.ApprovedBy is null ? null : Prefix + Roles.Expert,
            }).ToList(),
            Messages = view.Messages.Select(m => complaint.IsParty(m.AuthorId) ? m : m with { AuthorId = Prefix + OfAuthorRole(m.AuthorRole) }).ToList(),
            OpenTasks = view.OpenTasks.Select(t => t with { Assignee = Hide(t.Assignee, Roles.Reviewer), WaitingOn = Hide(t.WaitingOn, Roles.Reviewer)! }).ToList(),
            Timeline = view.Timeline.Select(e => e with { Who = Hide(e.Who, Roles.Reviewer) }).ToList(),
        };
    }
}
