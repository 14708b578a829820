using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;
using Disputes.Application.Security;
using Disputes.Web.Compliance;
using Disputes.Web.Infrastructure;
using Mediator;

namespace Disputes.Web.Endpoints;

/// <summary>Statements of reasons (DSA Art. 17) and their submission to the Transparency Database (Art. 24(5)).</summary>
public static class StatementEndpoints
{
    public static void MapStatementEndpoints(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        app.MapGet("/api/complaints/{id:guid}/statements", async (Guid id, IMediator m, CancellationToken ct, string? language) =>
                Results.Ok(await m.Send(new GetCaseStatements(id, language), ct)))
            .RequireRoles(Roles.Buyer, Roles.Seller, Roles.Reviewer, Roles.Expert, Roles.Lead, Roles.Compliance).WithTags("Complaints")
            .WithSummary("Statements of reasons of a case: the affected party's own, in their language (or ?language=); all for staff and compliance");

        var statements = app.MapGroup("/api/compliance/statements").WithTags("Compliance: statements of reasons");
        statements.MapGet("/", async (IMediator m, CancellationToken ct, string? status, Guid? complaintId, int page = 1, int pageSize = 50) =>
                Results.Ok(await m.Send(new ListStatements(status, complaintId, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.Compliance, Roles.Admin).WithSummary("Statements with their Transparency Database form and submission state (status=pending|accepted|refused|invalid); refusals with the answer");
        statements.MapPost("/submit", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new SubmitStatements(), ct)))
            .RequireRoles(Roles.Admin).WithSummary("Run the submission job now (it also runs every minute under Hangfire)");

        if (environment.IsProduction()) return;
        app.MapGet("/api/local/dsa-statements", async (IMediator m, CancellationToken ct, int page = 1, int pageSize = 50) =>
                Results.Ok(await m.Send(new ListLocalDsaStatements(Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.Admin, Roles.Compliance).WithTags("Embedded default: local marketplace and mailbox")
            .WithSummary("Statements the local Transparency Database sink accepted");

        // The local sink speaks the database's API: its own bearer token (Dsa:Token), not a user's.
        var sink = app.MapGroup(DsaHttpClient.LocalSinkPath).WithTags("Embedded default: local DSA Transparency Database sink");
        sink.MapPost("/statements", async (HttpRequest request, LocalDsaSinkSettings settings, IMediator m, CancellationToken ct) =>
                Authorized(request, settings) ? Answer(await m.Send(new ReceiveLocalDsaStatements(await ReadAsync(request, ct)), ct)) : Results.Unauthorized())
            .AllowAnyone().WithSummary("Local sink: POST up to 100 statements (bearer token Dsa:Token); 201 when all are valid, 422 with the problems otherwise");
        sink.MapPost("/statement", async (HttpRequest request, LocalDsaSinkSettings settings, IMediator m, CancellationToken ct) =>
                Authorized(request, settings) ? Answer(await m.Send(new ReceiveLocalDsaStatements(new JsonObject { ["statements"] = new JsonArray(await ReadAsync(request, ct)) }), ct)) : Results.Unauthorized())
            .AllowAnyone().WithSummary("Local sink: POST one statement");
        sink.MapGet("/statement/existing-puid/{puid}", async (string puid, HttpRequest request, LocalDsaSinkSettings settings, ILocalDsaSink store, CancellationToken ct) =>
                !Authorized(request, settings) ? Results.Unauthorized()
                : (await store.ExistingAsync([puid], ct)).Count > 0 ? Results.StatusCode(302) : Results.NotFound())
            .AllowAnyone().WithSummary("Local sink: 302 when a statement with this puid was received, 404 when not");
    }

    private static bool Authorized(HttpRequest request, LocalDsaSinkSettings settings) =>
        request.Headers.Authorization.ToString() is var h && h.StartsWith("Bearer ", StringComparison.Ordinal)
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(h[7..]), System.Text.Encoding.UTF8.GetBytes(settings.Token));

    private static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static IResult Answer(DsaResponse response) => Results.Content(response.Body, "application/json", System.Text.Encoding.UTF8, response.Status);
}
