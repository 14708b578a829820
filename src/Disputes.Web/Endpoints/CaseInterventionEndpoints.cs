using Disputes.Application.Complaints;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Endpoints;

public sealed record CancelCaseBody(string Reason);
public sealed record ReassignBody(string AssigneeId, string Reason);
public sealed record RetryIncidentBody(string Reason);

/// <summary>
/// The declared interventions on a case, each audited with actor and reason: an operator cancels a case or retries
/// one of its incidents; a lead or an operator reassigns a task. And the lead's team view. A complaint's workflow is
/// never moved through the generic runtime endpoints (they answer 409 and name these).
/// </summary>
public static class CaseInterventionEndpoints
{
    public static void MapCaseInterventionEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/complaints").WithTags("Case interventions").WithIdempotencyKeys();
        cases.MapPost("/{id:guid}/cancel", async (Guid id, [FromBody] CancelCaseBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new CancelCase(id, body.Reason), ct)))
            .RequireRoles(Roles.Admin).WithSummary("Cancel a case with a reason: closes it, ends its workflow and tells both parties");
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/reassign", async (Guid id, Guid taskId, [FromBody] ReassignBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ReassignTask(id, taskId, body.AssigneeId, body.Reason), ct)))
            .RequireRoles(Roles.Lead, Roles.Admin).WithSummary("Give an open staff task to an eligible person, with a reason");
        cases.MapPost("/{id:guid}/incidents/{incidentId:guid}/retry", async (Guid id, Guid incidentId, [FromBody] RetryIncidentBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RetryCaseIncident(id, incidentId, body.Reason), ct)))
            .RequireRoles(Roles.Admin).WithSummary("Retry an incident of the case's workflow, with a reason");

        app.MapGet("/api/team-view", async (IMediator m, CancellationToken ct, string? holder, bool unassigned = false, string? role = null, string? step = null, int page = 1, int pageSize = 50) =>
                Results.Ok(await m.Send(new GetTeamView(holder, unassigned, role, step, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.Lead).WithTags("Review").WithSummary("Every open staff task, who holds it and since when (leads)");
    }
}
