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
    /// <summary>
    /// Decisions matching <paramref name="filter"/>, newest first (then case number, decision number), with the exact
    /// total. With <paramref name="after"/> (a previous page's <see cref="Page{T}.Next"/>) the page starts after that
    /// decision, found by key whatever its depth; without it, <paramref name="page"/> counts pages from the start.
    /// </summary>
    Task<Page<DecisionHit>> SearchAsync(DecisionFilter filter, int page, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>Deadlines that passed on the given staff steps between <paramref name="from"/> and <paramref name="to"/>.</summary>
    Task<IReadOnlyList<BreachHit>> BreachesAsync(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyCollection<string> steps, CancellationToken cancellationToken);

    /// <summary>Decisions in [from, to) counted in the database by stage, status and combination of outcomes.</summary>
    Task<IReadOnlyList<DecisionGroup>> DecisionGroupsAsync(DateTimeOffset from, DateTimeOffset to, string? category, CancellationToken cancellationToken);

    /// <summary>
    /// Days from filing to decision of the first-instance decisions in [from, to) with one of <paramref name="statuses"/>,
    /// the first such decision of each case: count, mean and median, computed in the database.
    /// </summary>
    Task<DurationSummary> FirstDecisionDaysAsync(DateTimeOffset from, DateTimeOffset to, string? category, IReadOnlyCollection<string> statuses, CancellationToken cancellationToken);

    /// <summary>Deadlines passed on the given staff steps in [from, to), counted per step in the database.</summary>
    Task<IReadOnlyDictionary<string, int>> BreachCountsAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> steps, CancellationToken cancellationToken);

    /// <summary>The decision time of the earliest and latest decision (for a period left open).</summary>
    Task<(DateTimeOffset First, DateTimeOffset Last)?> DecisionSpanAsync(string? category, CancellationToken cancellationToken);
}

/// <param name="OutcomeKinds">The decision's outcome kinds, as stored (<c>,a,b,</c>).</param>
public sealed record DecisionGroup(string Stage, string Status, string OutcomeKinds, int Count);

public sealed record DurationSummary(int Count, double AverageDays, double MedianDays);
