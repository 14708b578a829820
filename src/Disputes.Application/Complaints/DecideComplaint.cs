using System.Text.Json.Nodes;
using Disputes.Application.Reference;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Redress;
using Disputes.Domain.Review;
using Disputes.Workflows.Definitions;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>
/// A reviewer, expert or lead decides the case. Needs the case's ETag (If-Match): of two deciders at once only one
/// wins. A reviewer cannot decide what must go to an expert; a suspension or referral waits for a second expert.
/// </summary>
public sealed record DecideComplaint(Guid Id, long? IfMatch, IReadOnlyList<OutcomeInput> Outcomes, IReadOnlyList<string> Clauses, string? Facts, string? Reasons, bool Automated = false)
    : ICommand<CaseActionResult>;

public sealed class DecideComplaintHandler(CaseSteps steps, ReferenceData reference, IOptions<ComplaintOptions> options) : ICommandHandler<DecideComplaint, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(DecideComplaint command, CancellationToken cancellationToken)
    {
        if (command.IfMatch is null) throw new PreconditionRequiredException("A decision needs the case's ETag in an If-Match header.");
        var draft = DecisionInput.ToDraft(command.Outcomes, command.Clauses, command.Facts, command.Reasons, command.Automated);

        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, command.IfMatch, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.Decide, cancellationToken);
        var atExpertStep = ComplaintProcess.IsExpertStage(task.ActivityId);
        if (!atExpertStep)
        {
            var reasons = complaint.ExpertReasons.Concat(EscalationPolicy.OutcomeReasons(draft.Outcomes)).ToList();
            if (reasons.Count > 0)
                throw new DomainRuleException("outcomes", "This case must be escalated to a T&S expert: " + string.Join("; ", reasons) + ".");
        }
        DecisionRules.Validate(draft, complaint, reference.Policies, steps.User.Id, steps.Now);

        var decision = complaint.Decide(draft, atExpertStep ? DecisionStage.Expert : DecisionStage.Review, steps.User.Id, steps.Now);
        var input = new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Decided, ["needsApproval"] = decision.Status == DecisionStatus.AwaitingApproval };
        if (decision.Status == DecisionStatus.Effective)
        {
            var window = AppealWindow.For(complaint, decision, options.Value);
            input["effects"] = CaseSteps.EffectsJson(complaint.MakeEffective(decision, IsoDuration.Parse(window).AddTo(steps.Now), steps.Now));
            input["appealWindow"] = window;
        }
        var result = await steps.ResumeAsync(task, input, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}

/// <summary>The case's appeal window, from the redress table: the DSA's six months (or the longer configured one) or the configured shorter window.</summary>
public static class AppealWindow
{
    public static string For(Complaint complaint, Decision decision, ComplaintOptions options) =>
        RedressTable.WindowFor(complaint, decision) == InternalComplaint.SixMonthsDsa ? options.AppealWindowRestriction : options.AppealWindowOther;
}
