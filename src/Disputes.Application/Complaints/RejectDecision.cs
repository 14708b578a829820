using System.Text.Json.Nodes;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A second expert rejects the decision with a reason; the case goes back to the expert step.</summary>
public sealed record RejectDecision(Guid Id, long? IfMatch, string Reason) : ICommand<CaseActionResult>;

public sealed class RejectDecisionHandler(CaseSteps steps) : ICommandHandler<RejectDecision, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(RejectDecision command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, command.IfMatch, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.Reject, cancellationToken);
        complaint.Reject(steps.User.Id, command.Reason, steps.Now);
        var result = await steps.ResumeAsync(task, new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Rejected }, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
