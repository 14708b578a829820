using Disputes.Application.Compliance.Fairness;
using Disputes.Application.Compliance.Transparency;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Endpoints;

public sealed record ExternalOutcomeBody(string? BodyId, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, string? Outcome, bool Implemented);

/// <summary>Transparency figures (DSA Art. 15/24), fairness checks, and the outcomes external bodies report back.</summary>
public static class TransparencyEndpoints
{
    public static void MapTransparencyEndpoints(this IEndpointRouteBuilder app)
    {
        var compliance = app.MapGroup("/api/compliance").WithTags("Compliance: figures and fairness");
        compliance.MapGet("/transparency", async (IMediator m, CancellationToken ct, DateTimeOffset from, DateTimeOffset to, string format = "json") =>
            {
                var figures = await m.Send(new GetTransparencyFigures(from, to), ct);
                return format switch
                {
                    "csv" => Results.Text(TransparencyCsv.Write(figures), "text/csv; charset=utf-8"),
                    "json" => Results.Ok(figures),
                    _ => throw new Disputes.Domain.DomainRuleException("format", "Use 'json' or 'csv'."),
                };
            })
            .RequireRoles(Roles.Compliance).WithSummary("DSA Art. 15/24 figures for [from, to) as JSON or CSV (format=csv)");
        compliance.MapGet("/fairness", async (IMediator m, CancellationToken ct, DateTimeOffset from, DateTimeOffset to, int minimumDecisions = 5, double threshold = 0.25) =>
                Results.Ok(await m.Send(new GetFairnessReport(from, to, minimumDecisions, threshold), ct)))
            .RequireRoles(Roles.Compliance).WithSummary("Per reviewer against peers on the same categories; four-eyes compliance; assignment overrides and by whom");

        app.MapPost("/api/complaints/{id:guid}/external-outcomes", async (Guid id, [FromBody] ExternalOutcomeBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordExternalOutcome(id, body.BodyId, body.SubmittedAt, body.DecidedAt, body.Outcome, body.Implemented), ct)))
            .RequireRoles(Roles.Lead).WithTags("Complaints").WithIdempotencyKeys().WithSummary("Record the outcome an external body reported for a signposted case");
    }
}
