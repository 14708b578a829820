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
        DecisionStage.Review => "reviewer",
        DecisionStage.Expert => "expert",
        _ => "appeal-reviewer",
    };

    /// <summary>A staff author's role from the role a message was written in (reviewer, expert, lead); anyone else on staff is a reviewer.</summary>
    public static string OfAuthorRole(string authorRole) => authorRole switch
    {
        "expert" => "expert",
        "lead" => "lead",
        _ => "reviewer",
    };

    /// <summary>
    /// The case as a party sees it: deciders, approvers, staff authors, assignees and the people named in the timeline
    /// are replaced by <c>role:&lt;key&gt;</c>. The parties and the system keep their ids.
    /// </summary>
    public static ComplaintView ForParty(ComplaintView view, Complaint complaint)
    {
        string? Hide(string? who, string role) => who is null || complaint.IsParty(who) || who is "system" or "timer" ? who : Prefix + role;
        return view with
        {
            Decisions = view.Decisions.Select(d => d with
            {
                DecidedBy = Prefix + (complaint.Decisions.FirstOrDefault(x => x.Number == d.Number) is { } decision ? Of(decision) : "reviewer"),
                ApprovedBy = d.ApprovedBy is null ? null : Prefix + "expert",
            }).ToList(),
            Messages = view.Messages.Select(m => complaint.IsParty(m.AuthorId) ? m : m with { AuthorId = Prefix + OfAuthorRole(m.AuthorRole) }).ToList(),
            OpenTasks = view.OpenTasks.Select(t => t with { Assignee = Hide(t.Assignee, "reviewer"), WaitingOn = Hide(t.WaitingOn, "reviewer")! }).ToList(),
            Timeline = view.Timeline.Select(e => e with { Who = Hide(e.Who, "reviewer") }).ToList(),
        };
    }
}
