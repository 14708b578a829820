using System.Text.Json.Nodes;
using Disputes.Domain.Complaints;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The party asked for information answers it; the review continues.</summary>
public sealed record AnswerInformationRequest(Guid Id, string Text, IReadOnlyList<Guid>? EvidenceIds) : ICommand<CaseActionResult>;

public sealed class AnswerInformationRequestHandler(CaseSteps steps) : ICommandHandler<AnswerInformationRequest, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(AnswerInformationRequest command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.AnswerInformationRequest, cancellationToken);
        complaint.AddMessage(steps.User.Id, complaint.SideOf(steps.User.Id), command.Text, command.EvidenceIds ?? [], steps.Now, MessageKind.InformationReply);
        var result = await steps.ResumeAsync(task, new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Answered }, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
