using Disputes.Application.Security;
using System.Text.Json.Nodes;
using Disputes.Domain.Complaints;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The reviewer (or a lead) sends the case to a T&amp;S expert, with a note.</summary>
public sealed record EscalateToExpert(Guid Id, string Note) : ICommand<CaseActionResult>;

public sealed class EscalateToExpertHandler(CaseSteps steps) : ICommandHandler<EscalateToExpert, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(EscalateToExpert command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.Escalate, cancellationToken);
        complaint.AddMessage(steps.User.Id, Roles.Reviewer, command.Note, [], steps.Now, MessageKind.Guidance);
        var result = await steps.ResumeAsync(task, new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Escalated }, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
