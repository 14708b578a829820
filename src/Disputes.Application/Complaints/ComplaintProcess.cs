using Disputes.Application.Security;
using Disputes.Workflows.Definitions;

namespace Disputes.Application.Complaints;

/// <summary>What a person can do on a case. Each action is answered by one use case (see <see cref="ActionContract"/>).</summary>
public enum CaseAction
{
    Claim, Release, Decide, RequestInformation, Escalate, Approve, Reject, OfferSettlement, RefuseSettlement,
    AnswerSettlement, AnswerInformationRequest, PostMessage, UploadEvidence, Appeal, DecideAppeal,
    /// <summary>A lead gives an open staff task to someone else (an intervention, with a reason).</summary>
    Reassign,
}

/// <summary>Who may not take a step, beyond not having its role.</summary>
[Flags]
public enum Exclusions
{
    None = 0,
    /// <summary>The buyer and the seller of the case.</summary>
    Parties = 1,
    /// <summary>Whoever declared a conflict with either party.</summary>
    DeclaredConflicts = 2,
    /// <summary>Everyone who decided or approved a decision on the case (appeals are reviewed by someone who took no part).</summary>
    DecisionParticipants = 4,
    /// <summary>The decider of the decision awaiting approval (four eyes).</summary>
    Decider = 8,
    /// <summary>Whoever escalated the case, as long as another eligible person exists.</summary>
    Escalator = 16,
}

/// <summary>Which party holds a party step.</summary>
public enum PartyHolder { None, Respondent, Complainant, AskedParty, EitherParty }

/// <summary>A person's action on a step: which use case answers it and the outcome it completes the step with.</summary>
public sealed record ActionContract(CaseAction Action, Type UseCase, IReadOnlyList<string> Outcomes);

/// <summary>One human step of the complaint process as the code relies on it.</summary>
public sealed record StepContract(
    string Id, string Role, PartyHolder Holder, IReadOnlyList<ActionContract> Actions, string? DeadlineOutcome, Exclusions Excluded, bool Decides = false)
{
    public bool IsStaff => Role != ComplaintProcess.PartyRole;

    /// <summary>Every outcome the code may complete this step with: its actions' and its deadline's.</summary>
    public IEnumerable<string> Outcomes => Actions.SelectMany(a => a.Outcomes).Concat(DeadlineOutcome is null ? [] : [DeadlineOutcome]).Distinct();

    public bool Answers(CaseAction action) => Actions.Any(a => a.Action == action);
}

/// <summary>
/// The complaint process as one explicit contract: the steps the code acts on, their roles, the outcomes each use
/// case completes them with, and who is excluded from them. The definition files (<c>workflows/complaint-resolution.v*.json</c>)
/// say how steps connect; this type says what the code expects to find there. Start-up checks every loaded version of
/// the definition against it (<see cref="Check"/>) and refuses to start, naming file, step and what is missing.
/// Nothing outside this type (and the constant sets <see cref="Roles"/>, <c>JournalEvents</c>, <c>EffectKinds</c>)
/// spells a step id, an outcome or a role.
/// </summary>
public static class ComplaintProcess
{
    public const string DefinitionId = "complaint-resolution";

    /// <summary>The pseudo-role of steps a party of the case takes (the definition's <c>"role": "party"</c>).</summary>
    public const string PartyRole = "party";

    public static class Steps
    {
        public const string DirectResolution = "direct-resolution";
        public const string SettlementAnswer = "settlement-answer";
        public const string Review = "review";
        public const string AwaitInformation = "await-information";
        public const string LeadReview = "lead-review";
        public const string Expert = "expert";
        public const string LeadExpert = "lead-expert";
        public const string FourEyes = "four-eyes";
        public const string LeadApproval = "lead-approval";
        public const string AppealWindow = "appeal-window";
        public const string AppealReview = "appeal-review";
        public const string LeadAppealReview = "lead-appeal-review";
    }

    public static class Outcomes
    {
        public const string Offered = "offered";
        public const string Refused = "refused";
        public const string Expired = "expired";
        public const string Accepted = "accepted";
        public const string Declined = "declined";
        public const string Decided = "decided";
        public const string Escalated = "escalated";
        public const string InfoRequested = "info-requested";
        public const string Breached = "breached";
        public const string Answered = "answered";
        public const string Approved = "approved";
        public const string Rejected = "rejected";
        public const string Appealed = "appealed";
        public const string WindowClosed = "window-closed";
        public const string Confirmed = "confirmed";
        public const string Reversed = "reversed";
    }

    /// <summary>Why the definition's signpost effects point a party to external bodies (their payload's <c>reason</c>).</summary>
    public static class SignpostReasons
    {
        public const string Open = "open";
        public const string Decided = "decided";
    }

    private const Exclusions Impartial = Exclusions.Parties | Exclusions.DeclaredConflicts;

    private static ActionContract Act(CaseAction action, Type useCase, params string[] outcomes) => new(action, useCase, outcomes);

    public static readonly IReadOnlyList<StepContract> All =
    [
        new(Steps.DirectResolution, PartyRole, PartyHolder.Respondent,
            [Act(CaseAction.OfferSettlement, typeof(OfferSettlement), Outcomes.Offered), Act(CaseAction.RefuseSettlement, typeof(RefuseSettlement), Outcomes.Refused)],
            Outcomes.Expired, Exclusions.None),
        new(Steps.SettlementAnswer, PartyRole, PartyHolder.Complainant,
            [Act(CaseAction.AnswerSettlement, typeof(AnswerSettlement), Outcomes.Accepted, Outcomes.Declined)], Outcomes.Expired, Exclusions.None),
        new(Steps.Review, Roles.Reviewer, PartyHolder.None,
            [Act(CaseAction.Decide, typeof(DecideComplaint), Outcomes.Decided), Act(CaseAction.Escalate, typeof(EscalateToExpert), Outcomes.Escalated),
             Act(CaseAction.RequestInformation, typeof(RequestInformation), Outcomes.InfoRequested)],
            Outcomes.Breached, Impartial, Decides: true),
        new(Steps.AwaitInformation, PartyRole, PartyHolder.AskedParty,
            [Act(CaseAction.AnswerInformationRequest, typeof(AnswerInformationRequest), Outcomes.Answered)], Outcomes.Expired, Exclusions.None),
        new(Steps.LeadReview, Roles.Lead, PartyHolder.None,
            [Act(CaseAction.Decide, typeof(DecideComplaint), Outcomes.Decided), Act(CaseAction.Escalate, typeof(EscalateToExpert), Outcomes.Escalated)],
            null, Impartial, Decides: true),
        new(Steps.Expert, Roles.Expert, PartyHolder.None,
            [Act(CaseAction.Decide, typeof(DecideComplaint), Outcomes.Decided)], Outcomes.Breached, Impartial | Exclusions.Escalator, Decides: true),
        new(Steps.LeadExpert, Roles.Lead, PartyHolder.None,
            [Act(CaseAction.Decide, typeof(DecideComplaint), Outcomes.Decided)], null, Impartial, Decides: true),
        new(Steps.FourEyes, Roles.Expert, PartyHolder.None,
            [Act(CaseAction.Approve, typeof(ApproveDecision), Outcomes.Approved), Act(CaseAction.Reject, typeof(RejectDecision), Outcomes.Rejected)],
            Outcomes.Breached, Impartial | Exclusions.Decider),
        new(Steps.LeadApproval, Roles.Lead, PartyHolder.None,
            [Act(CaseAction.Approve, typeof(ApproveDecision), Outcomes.Approved), Act(CaseAction.Reject, typeof(RejectDecision), Outcomes.Rejected)],
            null, Impartial | Exclusions.Decider),
        new(Steps.AppealWindow, PartyRole, PartyHolder.EitherParty,
            [Act(CaseAction.Appeal, typeof(AppealDecision), Outcomes.Appealed)], Outcomes.WindowClosed, Exclusions.None),
        new(Steps.AppealReview, Roles.Reviewer, PartyHolder.None,
            [Act(CaseAction.DecideAppeal, typeof(DecideAppeal), Outcomes.Confirmed, Outcomes.Reversed)], Outcomes.Breached, Impartial | Exclusions.DecisionParticipants),
        new(Steps.LeadAppealReview, Roles.Lead, PartyHolder.None,
            [Act(CaseAction.DecideAppeal, typeof(DecideAppeal), Outcomes.Confirmed, Outcomes.Reversed)], null, Impartial | Exclusions.DecisionParticipants),
    ];

    private static readonly Dictionary<string, StepContract> ById = All.ToDictionary(s => s.Id, StringComparer.Ordinal);

    /// <summary>The roles of staff steps (the roles a task board and assignment deal with).</summary>
    public static readonly IReadOnlyList<string> StaffRoles = All.Where(s => s.IsStaff).Select(s => s.Role).Distinct().ToList();

    /// <summary>Every staff step (reviewers, experts, leads).</summary>
    public static readonly IReadOnlyList<string> StaffSteps = All.Where(s => s.IsStaff).Select(s => s.Id).ToList();

    /// <summary>The staff steps whose deadlines are service levels: passing one is a breach (party deadlines are not).</summary>
    public static readonly IReadOnlyList<string> ServiceLevelSteps = All.Where(s => s.IsStaff && s.DeadlineOutcome == Outcomes.Breached).Select(s => s.Id).ToList();

    public static StepContract? Find(string stepId) => ById.GetValueOrDefault(stepId);

    public static bool IsStaffStep(string stepId) => Find(stepId)?.IsStaff ?? false;

    /// <summary>Whether the step is one a lead takes because a deadline passed elsewhere.</summary>
    public static bool IsEscalation(string stepId) => Find(stepId) is { Role: Roles.Lead };

    /// <summary>The steps on which <paramref name="action"/> can be taken.</summary>
    public static IReadOnlyList<StepContract> StepsFor(CaseAction action) => All.Where(s => s.Answers(action)).ToList();

    /// <summary>The expert stage of decisions (an expert or a lead standing in for one).</summary>
    public static bool IsExpertStage(string stepId) => stepId is Steps.Expert or Steps.LeadExpert;

    /// <summary>
    /// Checks one definition against the contract: each step exists as a human task with the contract's role and
    /// has a transition for every outcome the code may complete it with.
    /// </summary>
    public static IReadOnlyList<DefinitionProblem> Check(WorkflowDefinition definition)
    {
        var problems = new List<DefinitionProblem>();
        foreach (var step in All)
        {
            if (!definition.Contains(step.Id))
            {
                problems.Add(new DefinitionProblem(definition.Source, "$.activities",
                    $"step '{step.Id}' is missing; the complaint process contract needs it (role '{step.Role}', outcomes {string.Join(", ", step.Outcomes)})"));
                continue;
            }
            var activity = definition[step.Id];
            if (activity.Type != "humanTask")
                problems.Add(new DefinitionProblem(definition.Source, activity.JsonPath, $"step '{step.Id}' must be a humanTask (it is a '{activity.Type}')"));
            var role = activity.GetString("role");
            if (role != step.Role)
                problems.Add(new DefinitionProblem(definition.Source, activity.JsonPath + ".role", $"step '{step.Id}' must have role '{step.Role}' (it has '{role}')"));
            foreach (var outcome in step.Outcomes.Where(o => !activity.Transitions.Any(t => t.Outcome == o)))
                problems.Add(new DefinitionProblem(definition.Source, activity.JsonPath + ".outcomes", $"step '{step.Id}' has no outcome '{outcome}', which the code completes it with"));
            if (step.DeadlineOutcome is { } deadline && activity.Properties["deadline"]?["outcome"]?.ToString() != deadline)
                problems.Add(new DefinitionProblem(definition.Source, activity.JsonPath + ".deadline", $"step '{step.Id}' needs a deadline with outcome '{deadline}'"));
        }
        return problems;
    }

    /// <summary>Every problem of every loaded version of the complaint definition, naming file, step and what is missing.</summary>
    public static IReadOnlyList<DefinitionProblem> CheckAll(WorkflowDefinitionCatalog catalog)
    {
        var problems = catalog.All.Where(d => d.Id == DefinitionId).SelectMany(Check).ToList();
        if (!catalog.All.Any(d => d.Id == DefinitionId))
            problems.Add(new DefinitionProblem(DefinitionId, "$", $"no version of the complaint definition '{DefinitionId}' is loaded"));
        return problems;
    }
}

/// <summary>Start-up refuses a catalog whose complaint definition lacks what the contract names.</summary>
public sealed class ComplaintContractCheck : ICatalogCheck
{
    public IEnumerable<DefinitionProblem> Check(WorkflowDefinitionCatalog catalog) => ComplaintProcess.CheckAll(catalog);
}
