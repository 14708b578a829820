using System.Globalization;
using System.Text;
using Disputes.Application.Compliance;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;

namespace Disputes.Web.Endpoints;

/// <summary>Compliance search over decisions, its CSV export and the outcome statistics (compliance staff and leads).</summary>
public static class ComplianceSearchEndpoints
{
    private static readonly string[] Readers = [Roles.Compliance, Roles.Lead];

    public static void MapComplianceSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/compliance").WithTags("Compliance");
        api.MapGet("/decisions", async (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, string? outcome, string? category, string? decidedBy, string? clause, int page = 1, int pageSize = 25) =>
                Results.Ok(await m.Send(new SearchDecisions(new DecisionFilter(from, to, outcome, category, decidedBy, clause), Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Readers).WithSummary("Search decisions by date, outcome, category, decider and policy clause; paged, newest first");
        api.MapGet("/decisions.csv", async (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, string? outcome, string? category, string? decidedBy, string? clause) =>
            {
                var hits = await m.Send(new SearchDecisions(new DecisionFilter(from, to, outcome, category, decidedBy, clause), 1, SearchDecisionsHandler.MaxPageSize), ct);
                return Results.File(Encoding.UTF8.GetBytes(DecisionCsv.Write(hits.Items)), "text/csv; charset=utf-8", "decisions.csv");
            })
            .RequireRoles(Readers).WithSummary($"The same search as CSV (at most {SearchDecisionsHandler.MaxPageSize} rows)");
        api.MapGet("/statistics", async (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, string? category) =>
                Results.Ok(await m.Send(new GetOutcomeStatistics(from, to, category), ct)))
            .RequireRoles(Readers).WithSummary("Outcome mix, time to decision, SLA breaches and appeal reversals per month");
    }
}

/// <summary>RFC 4180 CSV of decision search hits: one row per decision, lists joined with ';'.</summary>
public static class DecisionCsv
{
    public const string Header = "case,decision,stage,status,category,language,outcomes,clauses,decided_by,decided_at,approved_by,approved_at,filed_at,amount_paid,currency,appealable_until,case_id";

    public static string Write(IEnumerable<DecisionHit> hits)
    {
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var h in hits)
        {
            string[] cells =
            [
                h.CaseNumber, h.Number.ToString(CultureInfo.InvariantCulture), h.Stage, h.Status, h.Category, h.Language,
                string.Join(';', h.Outcomes), string.Join(';', h.Clauses), h.DecidedBy, Iso(h.DecidedAt), h.ApprovedBy ?? "", Iso(h.ApprovedAt), Iso(h.FiledAt),
                h.AmountPaid.ToString("0.00", CultureInfo.InvariantCulture), h.Currency, Iso(h.AppealableUntil), h.ComplaintId.ToString(),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quotes a cell that needs it, and defuses one that a spreadsheet would read as a formula.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
