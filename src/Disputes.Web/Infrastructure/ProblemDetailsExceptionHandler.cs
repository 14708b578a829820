using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Disputes.Domain;
using Disputes.Persistence;
using Disputes.Workflows.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// Maps the runtime's expected errors to RFC 9457 problem details with a clear title and detail. Races end in 409
/// or 412, a database that is away for a moment in 503 with <c>Retry-After</c>; only a bug is a 500.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait before it sends a request again after a 503.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = Classify(exception);
        if (status == 0) return false;
        if (httpContext.Response.HasStarted) return false;
        httpContext.Response.StatusCode = status;
        var detail = exception.Message;
        if (status == 503)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (exception is not Integrations.MarketplaceUnavailableException)
            {
                // The database's own words may name hosts and users: they go to the log, not to the client.
                logger.LogWarning(exception, "The database is not available: answered 503");
                detail = "The database is not available for a moment; nothing was changed unless an earlier answer said so. Send the request again (with the same Idempotency-Key) after Retry-After seconds.";
            }
        }
        else if (status == 409 && exception is DbUpdateException)
        {
            detail = "Another change to the same data won a race with this one; nothing of this request was saved. Reload and try again.";
        }
        var problem = exception is DomainRuleException rule
            ? new ValidationProblemDetails(rule.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = status, Title = title, Detail = exception.Message }
            : new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Type = $"https://httpstatuses.io/{status}";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    public static (int Status, string Title) Classify(Exception exception) => exception switch
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
        StaleCaseException or DuplicateOpenCaseException => (409, "Conflict with a concurrent change"),
        Integrations.MarketplaceUnavailableException => (503, "The marketplace is not available; try again shortly"),
        _ when DatabaseErrors.IsTransient(exception) => (503, "The database is not available; try again shortly"),
        _ when DatabaseErrors.IsLostRace(exception) => (409, "Conflict with a concurrent change"),
        DbUpdateConcurrencyException => (409, "Conflict with a concurrent change"),
        DbUpdateException db when DatabaseErrors.IsUniqueViolation(db) => (409, "Conflict with a concurrent change"),
        _ => (0, ""),
    };
}
