using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Application.Workflows;
using Disputes.Web.Infrastructure;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Endpoints;

public sealed record StartInstanceBody(string DefinitionId, int? Version, string? CorrelationId, JsonObject? Input);

public sealed record StimulusBody(JsonObject? Input, Guid? BookmarkId);

public sealed record CorrelatedStimulusBody(string CorrelationId, JsonObject? Input);

public sealed record CancelBody(string? Reason);

/// <summary>The operator API of the workflow runtime, for admins. Endpoints only bind, send and return; the signed-in admin is the actor.</summary>
public static class WorkflowEndpoints
{
    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRoles(Roles.Admin).WithTags("Workflow runtime (operators)");

        api.MapGet("/workflow-definitions", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListWorkflowDefinitions(), ct)))
            .WithSummary("List definitions and their versions");

        api.MapGet("/workflow-definitions/{id}/versions/{version:int}", (string id, int version, WorkflowDefinitionCatalog catalog) =>
            {
                var d = catalog.Get(id, version);
                return Results.Ok(new { d.Id, d.Version, d.Name, d.Description, d.Source, d.ContentHash, Activities = d.Activities.Select(a => a.Properties) });
            })
            .WithSummary("One definition version, as loaded");

        api.MapPost("/workflow-instances", async ([FromBody] StartInstanceBody body, [FromHeader(Name = "Idempotency-Key")] string? key, ICurrentUser user, IMediator m, CancellationToken ct) =>
            {
                var result = await m.Send(new StartWorkflowInstance(body.DefinitionId, body.Version, body.CorrelationId, body.Input, user.Id, key), ct);
                return Results.Created($"/api/workflow-instances/{result.InstanceId}", result);
            })
            .WithSummary("Start an instance; returns after its first transition committed");

        api.MapGet("/workflow-instances", async (IMediator m, CancellationToken ct, InstanceStatus? status, string? definitionId, int? version, string? activity, string? correlationId, int page = 1, int pageSize = 50) =>
            {
                if (page < 1 || pageSize is < 1 or > QueryWorkflowInstancesHandler.MaxPageSize)
                    return Results.Problem(statusCode: 400, title: "Invalid paging", detail: $"page must be 1 or more and pageSize between 1 and {QueryWorkflowInstancesHandler.MaxPageSize}.");
                return Results.Ok(await m.Send(new QueryWorkflowInstances(new InstanceQuery(status, definitionId, version, activity, correlationId, page, pageSize)), ct));
            })
            .WithSummary("Query instances by status, definition and current activity, with paging");

        api.MapGet("/workflow-instances/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetWorkflowInstance(id), ct)))
            .WithSummary("One instance with its journal, bookmarks, timers, incidents and outbox");

        api.MapPost("/workflow-instances/{id:guid}/stimuli/{name}", async (Guid id, string name, [FromBody] StimulusBody? body, [FromHeader(Name = "Idempotency-Key")] string? key, ICurrentUser user, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ResumeWorkflowInstance(id, null, name, body?.BookmarkId, body?.Input, user.Id, key), ct)))
            .WithSummary("Resume the bookmark named {name} on an instance; exactly once");

        api.MapPost("/stimuli/{name}", async (string name, [FromBody] CorrelatedStimulusBody body, [FromHeader(Name = "Idempotency-Key")] string? key, ICurrentUser user, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ResumeWorkflowInstance(null, body.CorrelationId, name, null, body.Input, user.Id, key), ct)))
            .WithSummary("Resume the bookmark named {name} on the instance with that correlation id");

        api.MapPost("/workflow-instances/{id:guid}/cancel", async (Guid id, [FromBody] CancelBody? body, ICurrentUser user, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new CancelWorkflowInstance(id, body?.Reason ?? "cancelled by an operator", user.Id), ct)))
            .WithSummary("Cancel an instance");

        api.MapPost("/incidents/{id:guid}/retry", async (Guid id, ICurrentUser user, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RetryIncident(id, user.Id), ct)))
            .WithSummary("Retry an incident: run the faulted activity again, or queue the failed effect again");
    }
}
