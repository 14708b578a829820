using Disputes.Application.Workflows;
using Disputes.Workflows.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Infrastructure;

/// <summary>Maps the runtime's expected errors to RFC 9457 problem details with a clear title and detail.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            InstanceNotFoundException or DefinitionNotFoundException or IncidentNotFoundException => (404, "Not found"),
            BookmarkNotFoundException => (404, "Unknown bookmark"),
            BookmarkConsumedException => (409, "Bookmark already consumed"),
            WorkflowConflictException => (409, "Conflict with a concurrent change"),
            InvalidInstanceStateException => (409, "Not possible in the instance's current state"),
            InvalidStimulusException => (422, "Invalid stimulus"),
            IdempotencyKeyReusedException => (422, "Idempotency key reused"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = exception.Message, Type = $"https://httpstatuses.io/{status}" },
        });
    }
}
