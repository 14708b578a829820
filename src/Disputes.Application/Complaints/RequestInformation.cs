using Disputes.Application.Security;
using System.Text.Json.Nodes;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The reviewer asks a party for information; the party has a deadline, after which the review continues without it.</summary>
public sealed record RequestInformation(Guid Id, string PartyId, string Question) : ICommand<CaseActionResult>;

public sealed class RequestInformationHandler(CaseSteps steps) : ICommandHandler<RequestInformation, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(RequestInformation command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.RequestInformation, cancellationToken);
        if (!complaint.IsParty(command.PartyId ?? "")) throw new DomainRuleException("partyId", "Ask the buyer or the seller of this case.");
        complaint.AddMessage(steps.User.Id, Roles.Reviewer, command.Question, [], steps.Now, MessageKind.InformationRequest, command.PartyId);
        var input = new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.InfoRequested, ["partyId"] = command.PartyId, ["question"] = command.Question };
        var result = await steps.ResumeAsync(task, input, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
