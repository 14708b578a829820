using System.Text.Json.Nodes;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The complainant accepts (the case is settled and the refund paid) or declines (it goes to review) the offer.</summary>
public sealed record AnswerSettlement(Guid Id, bool Accept) : ICommand<CaseActionResult>;

public sealed class AnswerSettlementHandler(CaseSteps steps) : ICommandHandler<AnswerSettlement, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(AnswerSettlement command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.AnswerSettlement, cancellationToken);
        var effects = complaint.AnswerSettlement(steps.User.Id, command.Accept, steps.Now);
        var input = new JsonObject { ["outcome"] = command.Accept ? ComplaintProcess.Outcomes.Accepted : ComplaintProcess.Outcomes.Declined, ["effects"] = CaseSteps.EffectsJson(effects) };
        var result = await steps.ResumeAsync(task, input, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
