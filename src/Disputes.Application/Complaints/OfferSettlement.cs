using System.Text.Json.Nodes;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The other party offers to settle directly (e.g. a partial refund) during the direct-resolution step.</summary>
public sealed record OfferSettlement(Guid Id, decimal Amount, string Currency, string? Note) : ICommand<CaseActionResult>;

public sealed class OfferSettlementHandler(CaseSteps steps) : ICommandHandler<OfferSettlement, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(OfferSettlement command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.OfferSettlement, cancellationToken);
        complaint.OfferSettlement(steps.User.Id, command.Amount, command.Currency, command.Note, steps.Now);
        var result = await steps.ResumeAsync(task, new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Offered }, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
