using System.Text.Json.Nodes;
using Disputes.Application.Reference;
using Disputes.Domain;
using Disputes.Domain.Outcomes;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// The appeal reviewer confirms or reverses. A reversal names the revised outcomes (no-action when omitted) and
/// runs compensating effects; a refund already paid is never paid twice.
/// </summary>
public sealed record DecideAppeal(Guid Id, long? IfMatch, bool Reverse, IReadOnlyList<OutcomeInput>? RevisedOutcomes, IReadOnlyList<string> Clauses, string? Facts, string? Reasons)
    : ICommand<CaseActionResult>;

public sealed class DecideAppealHandler(CaseSteps steps, ReferenceData reference) : ICommandHandler<DecideAppeal, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(DecideAppeal command, CancellationToken cancellationToken)
    {
        if (command.IfMatch is null) throw new PreconditionRequiredException("An appeal decision needs the case's ETag in an If-Match header.");
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, command.IfMatch, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.DecideAppeal, cancellationToken);
        var original = complaint.CurrentDecision ?? throw new CaseStateException("There is no decision under appeal.");
        DecisionDraft? revised = null;
        if (command.Reverse)
        {
            var outcomes = command.RevisedOutcomes is { Count: > 0 } given ? given : [new OutcomeInput("no-action", null, null, null, null, null, false, null, null)];
            revised = DecisionInput.ToDraft(outcomes, command.Clauses, command.Facts ?? original.Facts, command.Reasons, false);
            DecisionRules.Validate(revised, complaint, reference.Policies, steps.User.Id, steps.Now, onAppeal: true);
        }
        else if (string.IsNullOrWhiteSpace(command.Reasons) || command.Clauses is not { Count: > 0 })
        {
            throw new DomainRuleException("reasons", "Confirming a decision on appeal needs reasons and at least one policy clause.");
        }

        var effects = complaint.DecideAppeal(revised, command.Reverse, steps.User.Id, command.Reasons!, command.Clauses, steps.Now);
        var input = new JsonObject { ["outcome"] = command.Reverse ? ComplaintProcess.Outcomes.Reversed : ComplaintProcess.Outcomes.Confirmed, ["effects"] = CaseSteps.EffectsJson(effects) };
        var result = await steps.ResumeAsync(task, input, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
