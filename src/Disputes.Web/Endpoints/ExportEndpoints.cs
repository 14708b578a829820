using Disputes.Application.Compliance.Exports;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;

namespace Disputes.Web.Endpoints;

/// <summary>Decision exports for compliance, streamed as they are read.</summary>
public static class ExportEndpoints
{
    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compliance/exports/decisions", (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, string? category, string? outcome,
                string? decidedBy, string? stage, string? status, string? clause, string format = "csv") =>
            {
                var filter = new DecisionExportFilter(from, to, category, outcome, decidedBy, stage, status, clause);
                ExportDecisions.Validate(filter, format);
                var rows = m.CreateStream(new ExportDecisions(filter), ct);
                return format == "json"
                    ? Results.Stream(s => DecisionExportWriter.WriteJsonAsync(rows, s, ct), "application/json", "decisions.json")
                    : Results.Stream(s => DecisionExportWriter.WriteCsvAsync(rows, s, ct), "text/csv; charset=utf-8", "decisions.csv");
            })
            .RequireRoles(Roles.Compliance, Roles.Lead).WithTags("Compliance: exports")
            .WithSummary("Decisions as CSV or JSON (format=csv|json), filtered by decision time [from, to), category, outcome, decidedBy, stage, status, clause; streamed");
    }
}
