using System.Security.Cryptography;
using System.Text;
using Disputes.Application.Security;
using Disputes.Persistence;
using Disputes.Persistence.Idempotency;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on state-changing endpoints (docs/adr/0009-idempotency-keys.md). A request sent again by
/// the same user with the same key and the same request (method, path, query, <c>If-Match</c>, body) gets the first
/// answer again, status, headers and body, and changes nothing; the same key with another request gets 422.
/// The key is recorded by the commit of the request's own database transaction, and the answer right after it.
/// </summary>
public sealed class IdempotencyFilter(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How long a key is kept: a retry after this is a new request.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A key without an answer younger than this belongs to a request still running.</summary>
    private static readonly TimeSpan InProgress = TimeSpan.FromSeconds(30);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
            || !http.Request.Headers.TryGetValue(Header, out var values))
            return await next(context);

        var key = values.ToString();
        if (key.Length is 0 or > 200 || key.Any(c => c is < '!' or > '~'))
            return Problem(400, "Bad Idempotency-Key", "An Idempotency-Key is 1 to 200 visible ASCII characters (a UUID is a good choice).");
        var user = http.RequestServices.GetRequiredService<ICurrentUser>();
        if (!user.IsAuthenticated) return await next(context);

        var hash = await RequestHashAsync(http.Request);
        var now = clock.GetUtcNow();
        var existing = await FindAsync(user.Id, key, http.RequestAborted);
        if (existing is not null && existing.CreatedAt < now - Retention)
        {
            await ForgetAsync(user.Id, key);
            existing = null;
        }
        if (existing is not null) return Replay(existing, hash, now);

        // A request with a key runs to its end even if the client goes away: its answer is kept for the retry.
        for (var i = 0; i < context.Arguments.Count; i++)
            if (context.Arguments[i] is CancellationToken) context.Arguments[i] = CancellationToken.None;

        var db = http.RequestServices.GetRequiredService<DisputesDbContext>();
        var pending = new PendingIdempotentRequest(user.Id, key, hash, http.Request.Method, Truncate(http.Request.Path + http.Request.QueryString, 500), now);
        db.PendingIdempotentRequest = pending;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception ex) when (!pending.Committed && !DatabaseErrors.IsTransient(ex))
        {
            // This request changed nothing. If the same request (same user and key) ran at the same moment and
            // committed first, this one lost a race to it (at the key, or at the case's version): its answer is
            // the first request's, not the error of the race.
            var first = await FindAsync(user.Id, key, CancellationToken.None);
            if (first is null) throw;
            return Replay(first, hash, now);
        }
        catch when (pending.Committed)
        {
            // The change committed, then the request failed (the database went away right after, say): there is no
            // answer to keep, but a retry must be told at once that the change was made, not to wait for it.
            await KeepNoAnswerAsync(pending);
            throw;
        }
        finally
        {
            db.PendingIdempotentRequest = null;
        }

        // The answer is produced here, into a buffer, so that it can be kept before it is sent.
        var answer = result as IResult ?? (result is null ? Results.Empty : Results.Ok(result));
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await answer.ExecuteAsync(http);
            await http.Response.BodyWriter.FlushAsync();
        }
        finally
        {
            http.Response.Body = body;
        }
        var status = http.Response.StatusCode;
        if (pending.Committed || status is >= 200 and < 300)
            await KeepAsync(pending, status, http.Response, buffer.ToArray());
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, CancellationToken.None);
        return Results.Empty;
    }

    private static IResult Replay(IdempotentRequestRow row, string hash, DateTimeOffset now)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.RequestHash), Encoding.ASCII.GetBytes(hash)))
            return Problem(422, "Idempotency key reused", $"Idempotency-Key '{row.Key}' was used for another request ({row.Method} {row.Path}); use a new key for a new request.");
        if (row.Status is not { } status)
        {
            return row.AnsweredAt is null && row.CreatedAt > now - InProgress
                ? Problem(409, "A request with this Idempotency-Key is still running", "Wait for its answer, or send the request again after Retry-After seconds.", retryAfter: 1)
                : Problem(409, "Already carried out; its answer was not kept",
                    $"The request with Idempotency-Key '{row.Key}' was carried out at {row.CreatedAt:O}, but the service stopped before its answer was kept. Nothing was changed again; read the resource for its state.",
                    type: "https://disputes.example/problems/idempotent-answer-lost");
        }
        return new ReplayResult(row);
    }

    private sealed class ReplayResult(IdempotentRequestRow row) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = row.Status!.Value;
            if (row.ContentType is not null) http.Response.ContentType = row.ContentType;
            if (row.ETag is not null) http.Response.Headers.ETag = row.ETag;
            if (row.Location is not null) http.Response.Headers.Location = row.Location;
            http.Response.Headers[ReplayedHeader] = "true";
            if (row.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body);
        }
    }

    private static IResult Problem(int status, string title, string detail, int? retryAfter = null, string? type = null) => new ProblemResult(status, title, detail, retryAfter, type);

    private sealed class ProblemResult(int status, string title, string detail, int? retryAfter, string? type) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: status, title: title, detail: detail, type: type ?? $"https://httpstatuses.io/{status}").ExecuteAsync(http);
        }
    }

    private async Task<IdempotentRequestRow?> FindAsync(string userId, string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        return await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
    }

    private async Task ForgetAsync(string userId, string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        await db.IdempotentRequests.Where(r => r.UserId == userId && r.Key == key).ExecuteDeleteAsync();
    }

    /// <summary>
    /// Keeps the answer. It never turns the answer into an error: if the database is away at this moment the client
    /// still gets its answer, and a retry with the key finds the request carried out (the row of the commit).
    /// </summary>
    private async Task KeepAsync(PendingIdempotentRequest pending, int status, HttpResponse response, byte[] body)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
            var contentType = response.ContentType is { } ct ? Truncate(ct, 200) : null;
            var etag = response.Headers.ETag.Count > 0 ? Truncate(response.Headers.ETag.ToString(), 100) : null;
            var location = response.Headers.Location.Count > 0 ? Truncate(response.Headers.Location.ToString(), 500) : null;
            var answeredAt = clock.GetUtcNow();
            if (pending.Committed)
            {
                await db.IdempotentRequests.Where(r => r.UserId == pending.UserId && r.Key == pending.Key)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.ContentType, contentType).SetProperty(r => r.ETag, etag)
                        .SetProperty(r => r.Location, location).SetProperty(r => r.Body, body).SetProperty(r => r.AnsweredAt, answeredAt), CancellationToken.None);
                return;
            }
            db.IdempotentRequests.Add(new IdempotentRequestRow
            {
                UserId = pending.UserId, Key = pending.Key, RequestHash = pending.RequestHash, Method = pending.Method, Path = pending.Path, CreatedAt = pending.CreatedAt,
                Status = status, ContentType = contentType, ETag = etag, Location = location, Body = body, AnsweredAt = answeredAt,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException || DatabaseErrors.IsTransient(ex))
        {
            logger.LogWarning(ex, "The answer to {Method} {Path} with Idempotency-Key {Key} was not kept", pending.Method, pending.Path, pending.Key);
        }
    }

    /// <summary>Marks a committed request whose answer is lost as finished (best effort: the database may be away).</summary>
    private async Task KeepNoAnswerAsync(PendingIdempotentRequest pending)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
            var at = clock.GetUtcNow();
            await db.IdempotentRequests.Where(r => r.UserId == pending.UserId && r.Key == pending.Key && r.Status == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.AnsweredAt, at), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException || DatabaseErrors.IsTransient(ex))
        {
            logger.LogWarning(ex, "Request {Method} {Path} with Idempotency-Key {Key} committed but failed after; not recorded", pending.Method, pending.Path, pending.Key);
        }
    }

    /// <summary>SHA-256 over the method, path, query, If-Match and the body's bytes.</summary>
    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n{request.Headers.IfMatch}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0) sha.AppendData(chunk, 0, read);
            request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Lets the filter read a request's body again (to hash it) after the endpoint's binding read it.</summary>
    public static IApplicationBuilder UseIdempotencyKeyBuffering(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Headers.ContainsKey(Header) && !HttpMethods.IsGet(http.Request.Method)) http.Request.EnableBuffering();
        await next(http);
    });
}

public static class IdempotencyEndpointExtensions
{
    /// <summary>State-changing endpoints of the group accept <c>Idempotency-Key</c> (GETs are left alone).</summary>
    public static TBuilder WithIdempotencyKeys<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>().WithMetadata(IdempotencyKeyMetadata.Instance);

    /// <summary>The OpenAPI document names the header on every POST that takes it.</summary>
    public static Microsoft.AspNetCore.OpenApi.OpenApiOptions DescribeIdempotencyKeys(this Microsoft.AspNetCore.OpenApi.OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (!string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
                || !context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().Any()) return Task.CompletedTask;
            operation.Parameters ??= [];
            operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
            {
                Name = IdempotencyFilter.Header,
                In = Microsoft.OpenApi.ParameterLocation.Header,
                Required = false,
                Description = "Optional. 1-200 visible ASCII characters, unique per request (a UUID). A retry with the same key and request gets the first answer and changes nothing; another request with the same key gets 422 (docs/adr/0009-idempotency-keys.md).",
                Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MaxLength = 200 },
            });
            return Task.CompletedTask;
        });
}

/// <summary>Marks an endpoint that takes <c>Idempotency-Key</c> (for the OpenAPI document).</summary>
public sealed class IdempotencyKeyMetadata
{
    public static readonly IdempotencyKeyMetadata Instance = new();
}

/// <summary>Hourly (Hangfire): forgets the keys older than <see cref="IdempotencyFilter.Retention"/>.</summary>
public sealed class IdempotencyKeyExpiryJob(DisputesDbContext db, TimeProvider clock)
{
    public const string Id = "idempotency-keys-expiry";

    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - IdempotencyFilter.Retention;
        await db.IdempotentRequests.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>Registers <see cref="IdempotencyKeyExpiryJob"/> with Hangfire when this process runs a Hangfire server.</summary>
public sealed class IdempotencyKeyExpirySchedule(Hangfire.IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<IdempotencyKeyExpiryJob>(IdempotencyKeyExpiryJob.Id, j => j.RunAsync(CancellationToken.None), Hangfire.Cron.Hourly());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
