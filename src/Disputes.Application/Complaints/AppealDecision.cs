using System.Text.Json.Nodes;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A party appeals the decision within its window; someone who took no part re-reviews it.</summary>
public sealed record AppealDecision(Guid Id, string Reason) : ICommand<CaseActionResult>;

public sealed class AppealDecisionHandler(CaseSteps steps) : ICommandHandler<AppealDecision, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(AppealDecision command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.Appeal, cancellationToken);
        complaint.Appeal(steps.User.Id, command.Reason, steps.Now);
        var result = await steps.ResumeAsync(task, new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Appealed, ["by"] = steps.User.Id }, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
