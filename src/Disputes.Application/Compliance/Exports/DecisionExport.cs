namespace Disputes.Application.Compliance.Exports;

/// <summary>One decision as exported: no party names or contact data, no free text.</summary>
public sealed record DecisionExportRow(
    string CaseNumber, Guid ComplaintId, int DecisionNumber, string Stage, string Status, string Category, IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> Clauses, string DecidedBy, DateTimeOffset DecidedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, bool NeedsSecondApproval,
    DateTimeOffset? AppealableUntil, DateTimeOffset FiledAt, string Language, string ComplainantSide, string Currency, decimal AmountPaid);

/// <summary>Which decisions to export: decided in [From, To), and optionally by category, outcome, decider, stage, status and cited policy clause.</summary>
public sealed record DecisionExportFilter(DateTimeOffset? From, DateTimeOffset? To, string? Category, string? Outcome, string? DecidedBy, string? Stage, string? Status, string? Clause = null);

/// <summary>Decisions as stored (<c>case_decisions</c>), streamed in decision order: never all in memory.</summary>
public interface IDecisionExportSource
{
    IAsyncEnumerable<DecisionExportRow> StreamAsync(DecisionExportFilter filter, CancellationToken cancellationToken);
}
