using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Review;

namespace Disputes.Application.Complaints;

/// <summary>Why an action is refused; the API also gives it in words (<see cref="ActionCheck.Reason"/>).</summary>
public enum ActionRefusal
{
    /// <summary>The case does not wait for this now.</summary>
    NotWaitingForThis,
    /// <summary>The case is closed and read-only.</summary>
    CaseClosed,
    /// <summary>The step is for another role.</summary>
    WrongRole,
    /// <summary>Someone else holds the step.</summary>
    HeldByAnother,
    /// <summary>Only a party to the case, or a particular party, can do this.</summary>
    NotTheParty,
    /// <summary>A party to the case cannot take this staff step.</summary>
    IsParty,
    /// <summary>A declared conflict of interest with a party.</summary>
    DeclaredConflict,
    /// <summary>Took part in the decision under appeal.</summary>
    TookPartInDecision,
    /// <summary>The decider cannot approve their own decision.</summary>
    OwnDecision,
    /// <summary>Escalated the case themselves while another expert is available.</summary>
    EscalatedIt,
    /// <summary>Compliance staff read cases; they do not act on them.</summary>
    ReadOnlyRole,
    /// <summary>The step already belongs to the caller (claim) or to nobody (release).</summary>
    NothingToChange,
}

/// <summary>Whether the current user may take an action now; when allowed, the open task it answers (if any).</summary>
public sealed record ActionCheck(CaseAction Action, CaseTask? Task, ActionRefusal? Refusal, string? Reason, IReadOnlyList<OutcomeKind>? Outcomes = null)
{
    public bool Allowed => Refusal is null;

    /// <summary>The use cases' error for a refusal: 409 when the case does not wait for this, 403 otherwise.</summary>
    public Exception ToException() => Refusal is ActionRefusal.NotWaitingForThis or ActionRefusal.CaseClosed or ActionRefusal.NothingToChange
        ? new CaseStateException(Reason!)
        : new CaseAccessDeniedException(Reason!);
}

/// <summary>What <see cref="CaseActions"/> needs to know about a case and the person.</summary>
public sealed record CaseContext(ICurrentUser User, Complaint Complaint, IReadOnlyList<CaseTask> Tasks, IReadOnlyList<ConflictDeclaration> Conflicts, IReadOnlyCollection<string> OtherExperts)
{
    public IReadOnlyList<string> Parties => [Complaint.BuyerId, Complaint.SellerId];
}

/// <summary>
/// The one place that decides who may do what on a case now, from the contract (<see cref="ComplaintProcess"/>):
/// the use cases ask it before they act, the case view lists its answers as <c>allowedActions</c>, assignment and
/// claims use its exclusions. So the pages, the API and assignment cannot disagree.
/// </summary>
public static class CaseActions
{
    /// <summary>Every action for the current user: one entry per action, and one per open staff task for claim and release.</summary>
    public static IReadOnlyList<ActionCheck> All(CaseContext c)
    {
        var list = new List<ActionCheck>();
        foreach (var task in c.Tasks.Where(t => ComplaintProcess.IsStaffStep(t.ActivityId)))
        {
            list.Add(Claim(c, task));
            list.Add(Release(c, task));
            list.Add(Reassign(c, task));
        }
        foreach (var action in Enum.GetValues<CaseAction>().Where(a => a is not (CaseAction.Claim or CaseAction.Release or CaseAction.Reassign)))
            list.Add(Check(c, action));
        return list;
    }

    /// <summary>Whether the user may take <paramref name="action"/> (claim and release: on <paramref name="taskId"/>).</summary>
    public static ActionCheck Check(CaseContext c, CaseAction action, Guid? taskId = null)
    {
        var complaint = c.Complaint;
        var user = c.User;
        if (action is CaseAction.Claim or CaseAction.Release or CaseAction.Reassign)
        {
            var task = c.Tasks.FirstOrDefault(t => t.BookmarkId == taskId && ComplaintProcess.IsStaffStep(t.ActivityId));
            if (task is null) return Refuse(action, ActionRefusal.NotWaitingForThis, "That task is not open on this case.");
            return action switch { CaseAction.Claim => Claim(c, task), CaseAction.Release => Release(c, task), _ => Reassign(c, task) };
        }
        if (user.IsIn(Roles.Compliance) && !complaint.IsParty(user.Id) && !IsStaff(user))
            return Refuse(action, ActionRefusal.ReadOnlyRole, "Compliance staff read cases; they do not act on them.");
        switch (action)
        {
            case CaseAction.PostMessage:
                if (complaint.Status == ComplaintStatus.Closed) return Closed(action, complaint);
                if (!complaint.IsParty(user.Id) && !IsStaff(user)) return Refuse(action, ActionRefusal.NotTheParty, "Only the parties and the staff on the case write in it.");
                return Allow(action, null);
            case CaseAction.UploadEvidence:
                if (complaint.Status == ComplaintStatus.Closed) return Closed(action, complaint);
                if (!complaint.IsParty(user.Id)) return Refuse(action, ActionRefusal.NotTheParty, "Only a party to this case can add evidence.");
                return Allow(action, null);
        }

        var steps = ComplaintProcess.StepsFor(action);
        var open = c.Tasks.Where(t => steps.Any(s => s.Id == t.ActivityId)).ToList();
        if (open.Count == 0)
        {
            if (complaint.Status == ComplaintStatus.Closed) return Closed(action, complaint);
            var waits = c.Tasks.Select(t => t.ActivityId).DefaultIfEmpty("nothing");
            return Refuse(action, ActionRefusal.NotWaitingForThis, $"Case {complaint.Number} is not waiting for this (it waits for: {string.Join(", ", waits)}).");
        }
        ActionCheck? first = null;
        foreach (var task in open)
        {
            var step = ComplaintProcess.Find(task.ActivityId)!;
            var check = step.IsStaff ? StaffStep(c, action, step, task) : PartyStep(c, action, step, task);
            if (check.Allowed) return check;
            first ??= check;
        }
        return first!;
    }

    /// <summary>Why <paramref name="personId"/> may not take <paramref name="step"/> on this case; null when eligible.</summary>
    public static (ActionRefusal Refusal, string Reason)? Excluded(CaseContext c, StepContract step, string personId)
    {
        var complaint = c.Complaint;
        var x = step.Excluded;
        if (x.HasFlag(Exclusions.Parties) && complaint.IsParty(personId)) return (ActionRefusal.IsParty, "you are a party to this case");
        if (x.HasFlag(Exclusions.DeclaredConflicts) && c.Conflicts.FirstOrDefault(d => d.ReviewerId == personId && c.Parties.Contains(d.AccountId)) is { } conflict)
            return (ActionRefusal.DeclaredConflict, $"you declared a conflict with {conflict.AccountId}");
        if (x.HasFlag(Exclusions.DecisionParticipants) && complaint.DecisionParticipants.Contains(personId))
            return (ActionRefusal.TookPartInDecision, "you took part in the decision under appeal");
        if (x.HasFlag(Exclusions.Decider) && complaint.Decisions.Count > 0 && complaint.Decisions[^1] is { Status: DecisionStatus.AwaitingApproval } pending && pending.DecidedBy == personId)
            return (ActionRefusal.OwnDecision, "the second approval must come from someone other than the decider");
        if (x.HasFlag(Exclusions.Escalator) && EscalatedBy(complaint) == personId && c.OtherExperts.Any(e => e != personId))
            return (ActionRefusal.EscalatedIt, "you escalated this case, and another expert can take it");
        return null;
    }

    /// <summary>Who escalated the case to an expert (the author of the escalation note), if anyone.</summary>
    public static string? EscalatedBy(Complaint complaint) => complaint.Messages.LastOrDefault(m => m.Kind == MessageKind.Guidance)?.AuthorId;

    /// <summary>The staff member who asked a party for information and keeps the case meanwhile.</summary>
    public static string? InformationRequestedBy(Complaint complaint) =>
        complaint.Messages.LastOrDefault(m => m.Kind == MessageKind.InformationRequest)?.AuthorId;

    private static ActionCheck StaffStep(CaseContext c, CaseAction action, StepContract step, CaseTask task)
    {
        var user = c.User;
        if (!user.IsIn(step.Role)) return Refuse(action, ActionRefusal.WrongRole, $"This step of case {c.Complaint.Number} is for the role '{step.Role}'.", task);
        if (task.Assignee is { } holder && holder != user.Id)
            return Refuse(action, ActionRefusal.HeldByAnother, $"This step of case {c.Complaint.Number} is assigned to someone else.", task);
        if (Excluded(c, step, user.Id) is { } why) return Refuse(action, why.Refusal, $"You cannot take this step: {why.Reason}.", task);
        return Allow(action, task, action == CaseAction.Decide ? DecidableOutcomes(c.Complaint, step) : null);
    }

    private static ActionCheck PartyStep(CaseContext c, CaseAction action, StepContract step, CaseTask task)
    {
        var complaint = c.Complaint;
        var me = c.User.Id;
        var ok = step.Holder switch
        {
            PartyHolder.Respondent => me == complaint.RespondentId,
            PartyHolder.Complainant => me == complaint.ComplainantId,
            PartyHolder.AskedParty => task.Assignee == me,
            PartyHolder.EitherParty => complaint.IsParty(me),
            _ => false,
        } && (task.Assignee is null || task.Assignee == me);
        if (ok) return Allow(action, task);
        var who = step.Holder switch
        {
            PartyHolder.Respondent => "the other party (who did not file the complaint)",
            PartyHolder.Complainant => "the party who filed the complaint",
            PartyHolder.AskedParty => "the party who was asked",
            _ => "a party to this case",
        };
        return Refuse(action, ActionRefusal.NotTheParty, $"Only {who} can do this.", task);
    }

    /// <summary>The outcomes a decider may choose at this step: at first instance a reviewer cannot decide what needs an expert.</summary>
    public static IReadOnlyList<OutcomeKind> DecidableOutcomes(Complaint complaint, StepContract step)
    {
        var all = Enum.GetValues<OutcomeKind>();
        if (ComplaintProcess.IsExpertStage(step.Id)) return all;
        if (complaint.ExpertReasons.Count > 0) return [];
        return all.Where(k => EscalationPolicy.OutcomeReasons([new Outcome(k)]).Count == 0).ToList();
    }

    private static ActionCheck Claim(CaseContext c, CaseTask task)
    {
        var step = ComplaintProcess.Find(task.ActivityId)!;
        if (!c.User.IsIn(step.Role)) return Refuse(CaseAction.Claim, ActionRefusal.WrongRole, $"This task is for the role '{step.Role}'.", task);
        if (task.Assignee == c.User.Id) return Refuse(CaseAction.Claim, ActionRefusal.NothingToChange, "You hold this task already.", task);
        if (task.Assignee is not null) return Refuse(CaseAction.Claim, ActionRefusal.HeldByAnother, "Someone else holds this task; a lead can reassign it.", task);
        if (Excluded(c, step, c.User.Id) is { } why) return Refuse(CaseAction.Claim, why.Refusal, $"You cannot take this task: {why.Reason}.", task);
        return Allow(CaseAction.Claim, task);
    }

    private static ActionCheck Release(CaseContext c, CaseTask task)
    {
        if (task.Assignee is null) return Refuse(CaseAction.Release, ActionRefusal.NothingToChange, "Nobody holds this task.", task);
        if (task.Assignee != c.User.Id && !c.User.IsIn(Roles.Lead))
            return Refuse(CaseAction.Release, ActionRefusal.HeldByAnother, "Only the holder or a lead can release this task.", task);
        return Allow(CaseAction.Release, task);
    }

    /// <summary>Leads (and operators, through the intervention endpoint) give an open staff task to an eligible person.</summary>
    private static ActionCheck Reassign(CaseContext c, CaseTask task) => c.User.IsIn(Roles.Lead)
        ? Allow(CaseAction.Reassign, task)
        : Refuse(CaseAction.Reassign, ActionRefusal.WrongRole, "Only a lead or an operator can reassign a task.", task);

    private static bool IsStaff(ICurrentUser user) => ComplaintProcess.StaffRoles.Any(user.IsIn);

    private static ActionCheck Allow(CaseAction action, CaseTask? task, IReadOnlyList<OutcomeKind>? outcomes = null) => new(action, task, null, null, outcomes);

    private static ActionCheck Refuse(CaseAction action, ActionRefusal refusal, string reason, CaseTask? task = null) => new(action, task, refusal, reason);

    private static ActionCheck Closed(CaseAction action, Complaint complaint) =>
        Refuse(action, ActionRefusal.CaseClosed, $"Case {complaint.Number} is closed and read-only; only an appeal within its window reopens it.");
}
