using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>A second expert (never the decider) approves a suspension or referral; it then takes effect.</summary>
public sealed record ApproveDecision(Guid Id, long? IfMatch) : ICommand<CaseActionResult>;

public sealed class ApproveDecisionHandler(CaseSteps steps, IOptions<ComplaintOptions> options) : ICommandHandler<ApproveDecision, CaseActionResult>
{
    public async ValueTask<CaseActionResult> Handle(ApproveDecision command, CancellationToken cancellationToken)
    {
        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, command.IfMatch, cancellationToken);
        var task = await steps.AuthorizeAsync(complaint, tasks, CaseAction.Approve, cancellationToken);
        var approved = complaint.Approve(steps.User.Id, steps.Now);
        var window = AppealWindow.For(complaint, approved, options.Value);
        var effects = complaint.MakeEffective(approved, IsoDuration.Parse(window).AddTo(steps.Now), steps.Now);
        var input = new JsonObject { ["outcome"] = ComplaintProcess.Outcomes.Approved, ["effects"] = CaseSteps.EffectsJson(effects), ["appealWindow"] = window };
        var result = await steps.ResumeAsync(task, input, cancellationToken);
        return new CaseActionResult(complaint.Id, complaint.Status, complaint.Version, result.CurrentActivities);
    }
}
