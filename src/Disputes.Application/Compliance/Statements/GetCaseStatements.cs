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

public sealed record CaseStatementView(string Puid, int DecisionNumber, string Restriction, string AffectedAccountId, DateTimeOffset IssuedAt, RenderedStatement Statement)
{
    /// <summary>For a follow-up: the puid of the statement it replaces, and whether the restriction was lifted or changed.</summary>
    public string? Revises { get; init; }
    public string? Change { get; init; }
    /// <summary>The follow-up that replaced this statement on appeal, if any.</summary>
    public string? ReplacedBy { get; init; }
}

public sealed class GetCaseStatementsHandler(CaseSteps steps, IStatementStore store, StatementTexts texts, ReferenceData reference, ComplaintNotifications labels)
    : IQueryHandler<GetCaseStatements, IReadOnlyList<CaseStatementView>>
{
    public async ValueTask<IReadOnlyList<CaseStatementView>> Handle(GetCaseStatements query, CancellationToken cancellationToken)
    {
        var (complaint, _) = await steps.LoadAsync(query.Id, null, cancellationToken);
        var party = complaint.IsParty(steps.User.Id);
        var all = (await store.OfCaseAsync(complaint.Id, cancellationToken))
            .Select(s => (Row: s, Content: JsonSerializer.Deserialize<StatementContent>(s.Content, StatementJson.Options)!)).ToList();
        // A statement a follow-up replaced says so; after an appeal decision no statement offers the appeal any more.
        var replacedBy = all.Where(s => s.Content.Revises is not null).ToDictionary(s => s.Content.Revises!, s => s.Row.Puid, StringComparer.Ordinal);
        var appealDecided = complaint.Decisions.Any(d => d.Stage == Disputes.Domain.Outcomes.DecisionStage.Appeal);
        return all.Where(s => !party || s.Row.AffectedAccountId == steps.User.Id).Select(s =>
        {
            var rendered = texts.Render(s.Content, query.Language ?? s.Row.Language, reference, labels, replacedBy.GetValueOrDefault(s.Row.Puid), appealDecided);
            return new CaseStatementView(s.Row.Puid, s.Row.DecisionNumber, s.Row.Restriction, s.Row.AffectedAccountId, s.Row.IssuedAt, rendered)
            {
                Revises = s.Content.Revises, Change = s.Content.Change, ReplacedBy = replacedBy.GetValueOrDefault(s.Row.Puid),
            };
        }).ToList();
    }
}

public static class StatementJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
