using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Mediator;

namespace Disputes.Application.Compliance;

/// <summary>
/// Compliance staff (and leads) search every decision by date, outcome, category, decider and policy clause; paged,
/// newest first, with the exact total; deep pages by key (<see cref="After"/>: a previous page's <c>next</c>). The same
/// filter feeds the CSV export.
/// </summary>
public sealed record SearchDecisions(DecisionFilter Filter, int Page, int PageSize, string? After = null) : IQuery<Page<DecisionHit>>;

public sealed class SearchDecisionsHandler(IDecisionSearch search, ICurrentUser user) : IQueryHandler<SearchDecisions, Page<DecisionHit>>
{
    public const int MaxPageSize = 5000;

    public async ValueTask<Page<DecisionHit>> Handle(SearchDecisions query, CancellationToken cancellationToken)
    {
        ComplianceAccess.Require(user);
        Validate(query.Filter);
        if (query.Page < 1) throw new DomainRuleException("page", "page starts at 1.");
        if (query.PageSize is < 1 or > MaxPageSize) throw new DomainRuleException("pageSize", $"pageSize is between 1 and {MaxPageSize}.");
        return await search.SearchAsync(query.Filter, query.Page, query.PageSize, string.IsNullOrEmpty(query.After) ? null : query.After, cancellationToken);
    }

    public static void Validate(DecisionFilter filter)
    {
        var errors = new RuleErrors();
        if (filter.Outcome is { Length: > 0 } outcome && !OutcomeKinds.TryParse(outcome, out _))
            errors.Add("outcome", $"Unknown outcome '{outcome}'; use one of: {string.Join(", ", OutcomeKinds.Names)}.");
        if (filter.Category is { Length: > 0 } category && !Categories.TryParse(category, out _))
            errors.Add("category", $"Unknown category '{category}'; use one of: {string.Join(", ", Categories.Names)}.");
        if (filter.From is { } from && filter.To is { } to && to < from)
            errors.Add("to", "The end date is before the start date.");
        DomainRuleException.ThrowIfAny("The search is not valid.", errors);
    }
}

/// <summary>Who may read across all cases' decisions: compliance staff and leads.</summary>
public static class ComplianceAccess
{
    public static void Require(ICurrentUser user)
    {
        if (!user.IsIn(Roles.Compliance) && !user.IsIn(Roles.Lead))
            throw new CaseAccessDeniedException("Only compliance staff and leads can search decisions.");
    }
}
