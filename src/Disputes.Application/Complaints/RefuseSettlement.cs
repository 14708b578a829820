using System.Text.Json.Nodes;
using Disputes.Domain.Complaints;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The other party declines to settle directly: the case goes to an impartial reviewer at once.</summary>
public sealed record RefuseSettlement(Guid Id, string? Statement) : ICommand<CaseActionResult>;

public sealed class RefuseSettlementHandler(CaseSteps steps) : ICommandHandler<RefuseSettlement, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(RefuseSettlement command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.RefuseSettlement, cancellationToken);
        if (!string.IsNullOrWhiteSpace(command.Statement))
            complaint.AddMessage(steps.User.Id, complaint.SideOf(steps.User.Id), command.Statement, [], steps.Now, MessageKind.Statement);
        var result = await steps.ResumeAsync(task, new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Refused }, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
