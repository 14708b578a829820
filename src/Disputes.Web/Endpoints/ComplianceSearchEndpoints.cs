using Disputes.Application.Compliance;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;

namespace Disputes.Web.Endpoints;

/// <summary>Compliance search over decisions and the outcome statistics (compliance staff and leads); the CSV of a search is the streamed export (<see cref="ExportEndpoints"/>).</summary>
public static class ComplianceSearchEndpoints
{
    private static readonly string[] Readers = [Roles.Compliance, Roles.Lead];

    public static void MapComplianceSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/compliance").WithTags("Compliance").AddEndpointFilterFactory(Disputes.Web.Infrastructure.InputGuard.Factory);
        api.MapGet("/decisions", async (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, string? outcome, string? category, string? decidedBy, string? clause, string? after, int page = 1, int pageSize = 25) =>
                Results.Ok(await m.Send(new SearchDecisions(new DecisionFilter(from, to, outcome, category, decidedBy, clause), Paging.Page(page), Paging.Size(pageSize), after), ct)))
            .RequireRoles(Readers).WithSummary("Search decisions by date, outcome, category, decider and policy clause; paged, newest first; 'after' (a page's 'next') continues by key");
        api.MapGet("/statistics", async (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, string? category) =>
                Results.Ok(await m.Send(new GetOutcomeStatistics(from, to, category), ct)))
            .RequireRoles(Readers).WithSummary("Outcome mix, time to decision, SLA breaches and appeal reversals per month");
    }
}
