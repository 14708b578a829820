using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Compliance.Audit;
using Disputes.Application.Reference;
using Disputes.Domain;
using Mediator;

namespace Disputes.Application.Compliance.Transparency;

/// <summary>
/// A lead records what an external body (a DSA out-of-court body, a consumer ADR body, a mediator) reported about a
/// signposted case: when it was submitted, when and how the body decided, and whether we implemented it.
/// </summary>
public sealed record RecordExternalOutcome(Guid Id, string? BodyId, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, string? Outcome, bool Implemented) : ICommand<ExternalOutcomeFact>;

public sealed class RecordExternalOutcomeHandler(CaseSteps steps, ReferenceData reference, ITransparencyQueries queries, IAuditTrail audit, IUnitOfWork unitOfWork)
    : ICommandHandler<RecordExternalOutcome, ExternalOutcomeFact>
{
    public const string Upheld = "upheld";
    public const string PartlyUpheld = "partly-upheld";
    public const string Rejected = "rejected";
    public const string Settled = "settled";
    public const string Withdrawn = "withdrawn";
    public const string DeclinedByBody = "declined-by-body";

    /// <summary>What an external body may decide (a vocabulary of its own, not the process's outcomes).</summary>
    public static readonly IReadOnlyList<string> Outcomes = [Upheld, PartlyUpheld, Rejected, Settled, Withdrawn, DeclinedByBody];

    public async ValueTask<ExternalOutcomeFact> Handle(RecordExternalOutcome command, CancellationToken cancellationToken)
    {
        var errors = new RuleErrors();
        if (reference.Signposting.Bodies.All(b => b.Id != command.BodyId)) errors.Add("bodyId", $"Choose one of: {string.Join(", ", reference.Signposting.Bodies.Select(b => b.Id))}.");
        if (!Outcomes.Contains(command.Outcome ?? "")) errors.Add("outcome", $"Choose one of: {string.Join(", ", Outcomes)}.");
        if (command.SubmittedAt is null) errors.Add("submittedAt", "When was the dispute submitted to the body?");
        if (command.DecidedAt is null) errors.Add("decidedAt", "When did the body decide?");
        else if (command.SubmittedAt is { } s && command.DecidedAt < s) errors.Add("decidedAt", "The body decided before the dispute was submitted.");
        else if (command.DecidedAt > steps.Now) errors.Add("decidedAt", "That is in the future.");
        DomainRuleException.ThrowIfAny("The outcome cannot be recorded.", errors);

        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var (complaint, _) = await steps.LoadAsync(command.Id, null, cancellationToken);
        var fact = new ExternalOutcomeFact(complaint.Id, command.BodyId!, command.Outcome!, command.SubmittedAt!.Value, command.DecidedAt!.Value, command.Implemented);
        queries.AddExternalOutcome(fact, steps.User.Id, steps.Now);
        audit.Append(new AuditEvent("external-outcome.reported", complaint.Id, new JsonObject
        {
            ["bodyId"] = fact.BodyId, ["outcome"] = fact.Outcome, ["submittedAt"] = fact.SubmittedAt.ToString("O"), ["decidedAt"] = fact.DecidedAt.ToString("O"), ["implemented"] = fact.Implemented,
        }));
        await audit.SaveAsync(cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return fact;
    }
}
