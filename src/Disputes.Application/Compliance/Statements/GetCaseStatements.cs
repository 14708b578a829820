using System.Text.Json;
using Disputes.Application.Complaints;
using Disputes.Application.Complaints.Effects;
using Disputes.Application.Reference;
using Disputes.Application.Security;
using Mediator;

namespace Disputes.Application.Compliance.Statements;

/// <summary>
/// The statements of reasons of a case, rendered for the reader: the affected party sees their own, in their
/// language (or in <see cref="Language"/> if asked); staff and compliance see all of the case's.
/// </summary>
public sealed record GetCaseStatements(Guid Id, string? Language) : IQuery<IReadOnlyList<CaseStatementView>>;

public sealed record CaseStatementView(string Puid, int DecisionNumber, string Restriction, string AffectedAccountId, DateTimeOffset IssuedAt, RenderedStatement Statement);

public sealed class GetCaseStatementsHandler(CaseSteps steps, IStatementStore store, StatementTexts texts, ReferenceData reference, ComplaintNotifications labels)
    : IQueryHandler<GetCaseStatements, IReadOnlyList<CaseStatementView>>
{
    public async ValueTask<IReadOnlyList<CaseStatementView>> Handle(GetCaseStatements query, CancellationToken cancellationToken)
    {
        var (complaint, _) = await steps.LoadAsync(query.Id, null, cancellationToken);
        var party = complaint.IsParty(steps.User.Id);
        var statements = (await store.OfCaseAsync(complaint.Id, cancellationToken)).Where(s => !party || s.AffectedAccountId == steps.User.Id);
        return statements.Select(s =>
        {
            var content = JsonSerializer.Deserialize<StatementContent>(s.Content, StatementJson.Options)!;
            var rendered = texts.Render(content, query.Language ?? s.Language, reference, labels);
            return new CaseStatementView(s.Puid, s.DecisionNumber, s.Restriction, s.AffectedAccountId, s.IssuedAt, rendered);
        }).ToList();
    }
}

public static class StatementJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
