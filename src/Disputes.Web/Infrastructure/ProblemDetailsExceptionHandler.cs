using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Disputes.Domain;
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
            GuardedInstanceException => (409, "Use the case's own endpoints"),
            InvalidInstanceStateException => (409, "Not possible in the instance's current state"),
            InvalidStimulusException => (422, "Invalid stimulus"),
            IdempotencyKeyReusedException => (422, "Idempotency key reused"),
            InvalidMigrationException => (422, "Invalid migration"),
            BadHttpRequestException { StatusCode: 413 } => (413, "The request is too large"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            CaseNotFoundException => (404, "Case not found"),
            CaseAccessDeniedException => (403, "Not allowed on this case"),
            CaseStateException => (409, "Not possible in the case's current state"),
            PreconditionFailedException => (412, "The case changed since you loaded it"),
            PreconditionRequiredException => (428, "If-Match required"),
            DomainRuleException => (422, "The request breaks a rule"),
            Integrations.MarketplaceUnavailableException => (503, "The marketplace is not available; try again shortly"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        var problem = exception is DomainRuleException rule
            ? new ValidationProblemDetails(rule.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = status, Title = title, Detail = exception.Message }
            : new ProblemDetails { Status = status, Title = title, Detail = exception.Message };
        problem.Type = $"https://httpstatuses.io/{status}";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }
}
