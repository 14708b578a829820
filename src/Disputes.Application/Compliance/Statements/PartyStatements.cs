using Disputes.Application.Complaints.Effects;
using Disputes.Application.Ports;
using Disputes.Application.Reference;
using Disputes.Domain.Complaints;

namespace Disputes.Application.Compliance.Statements;

/// <summary>The party's statements of reasons of the current decision, rendered in their language for the decision mail.</summary>
public sealed class PartyStatements(IStatementStore statements, StatementTexts statementTexts, ReferenceData reference, ComplaintNotifications texts) : IPartyStatements
{
    public async Task<string> CurrentTextAsync(Complaint complaint, string recipientId, string language, CancellationToken cancellationToken)
    {
        if (complaint.CurrentDecision is not { } decision) return "";
        var mine = (await statements.OfCaseAsync(complaint.Id, cancellationToken)).Where(s => s.AffectedAccountId == recipientId && s.DecisionNumber == decision.Number).ToList();
        return string.Join("\n\n", mine.Select(s => statementTexts.Render(
            System.Text.Json.JsonSerializer.Deserialize<StatementContent>(s.Content, StatementJson.Options)!, language, reference, texts).Text.TrimEnd()));
    }
}
