using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Compliance.Statements;

/// <summary>
/// Compliance lists statements of reasons with their submission state (pending, accepted, refused, invalid), each
/// with its Transparency Database form and every attempt, refusals with the database's answer.
/// </summary>
public sealed record ListStatements(string? Status, Guid? ComplaintId, int Page, int PageSize) : IQuery<Page<StatementView>>;

public sealed record StatementView(
    string Puid, Guid ComplaintId, int DecisionNumber, string Restriction, string Language, DateTimeOffset IssuedAt, string Status, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? AcceptedAt, string? LastError, JsonNode? Dsa, IReadOnlyList<SubmissionAttempt> Submissions);

public sealed class ListStatementsHandler(IStatementStore store) : IQueryHandler<ListStatements, Page<StatementView>>
{
    public async ValueTask<Page<StatementView>> Handle(ListStatements query, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(query.Status, query.ComplaintId, query.Page, query.PageSize, cancellationToken);
        var attempts = (await store.AttemptsAsync(page.Items.Select(s => s.Id).ToList(), cancellationToken)).ToLookup(a => a.StatementId);
        return new Page<StatementView>(page.Items.Select(s => new StatementView(s.Puid, s.ComplaintId, s.DecisionNumber, s.Restriction, s.Language, s.IssuedAt, s.Status, s.Attempts,
            s.Status is StatementStatus.Accepted or StatementStatus.Invalid ? null : s.NextAttemptAt, s.AcceptedAt, s.LastError, JsonNode.Parse(s.Payload),
            attempts[s.Id].OrderBy(a => a.AttemptedAt).ToList())).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}
