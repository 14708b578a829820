using Disputes.Application.Ports;

namespace Disputes.Application.Compliance;

/// <summary>What compliance staff search decisions by; every filter is optional. Dates bound the decision time (from inclusive, to exclusive).</summary>
public sealed record DecisionFilter(DateTimeOffset? From, DateTimeOffset? To, string? Outcome, string? Category, string? DecidedBy, string? Clause);

/// <summary>One decision of one case, as the <c>case_decisions</c> projection holds it.</summary>
public sealed record DecisionHit(
    Guid ComplaintId, string CaseNumber, int Number, string Stage, string Status, string Category, string Language,
    IReadOnlyList<string> Outcomes, IReadOnlyList<string> Clauses, string DecidedBy, DateTimeOffset DecidedAt,
    string? ApprovedBy, DateTimeOffset? ApprovedAt, DateTimeOffset FiledAt, decimal AmountPaid, string Currency, DateTimeOffset? AppealableUntil);

/// <summary>A deadline that passed on a staff step (an SLA breach), from the workflow journal.</summary>
public sealed record BreachHit(DateTimeOffset At, string Step);

/// <summary>Read port over the decisions projection and the journal, for search, export and statistics.</summary>
public interface IDecisionSearch
{
    /// <summary>Decisions matching <paramref name="filter"/>, newest first, paged.</summary>
    Task<Page<DecisionHit>> SearchAsync(DecisionFilter filter, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Deadlines that passed on the given staff steps between <paramref name="from"/> and <paramref name="to"/>.</summary>
    Task<IReadOnlyList<BreachHit>> BreachesAsync(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyCollection<string> steps, CancellationToken cancellationToken);
}
