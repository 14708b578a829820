using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Disputes.Web.Endpoints;

public sealed record FileComplaintBody(string OrderId, IReadOnlyList<string> ItemIds, string Category, string Description, string? Language, bool QuickQuestion = false);
public sealed record TextBody(string Text, IReadOnlyList<Guid>? EvidenceIds);
public sealed record OfferBody(decimal Amount, string Currency, string? Note);
public sealed record StatementBody(string? Statement);
public sealed record AnswerOfferBody(bool Accept);
public sealed record InformationRequestBody(string PartyId, string Question);
public sealed record DecisionBody(IReadOnlyList<OutcomeInput> Outcomes, IReadOnlyList<string> Clauses, string? Facts, string? Reasons, bool Automated = false);
public sealed record NoteBody(string Note);
public sealed record ReasonBody(string Reason);
public sealed record AppealDecisionBody(bool Reverse, IReadOnlyList<OutcomeInput>? RevisedOutcomes, IReadOnlyList<string> Clauses, string? Facts, string? Reasons);
public sealed record ConflictBody(string AccountId, string Reason);

/// <summary>The complaint process over HTTP. Endpoints bind, send and return; the use cases check per-case access.</summary>
public static class ComplaintEndpoints
{
    private static readonly string[] Parties = [Roles.Buyer, Roles.Seller];
    private static readonly string[] Staff = [Roles.Reviewer, Roles.Expert, Roles.Lead];
    private static readonly string[] CaseReaders = [Roles.Buyer, Roles.Seller, Roles.Reviewer, Roles.Expert, Roles.Lead, Roles.Compliance];

    public static void MapComplaintEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapGet("/mine", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListMyOrders(), ct)))
            .RequireRoles(Parties).WithSummary("My orders, to choose what to complain about");

        // Every state-changing case endpoint accepts Idempotency-Key: a retry gets the first answer and changes nothing.
        var cases = app.MapGroup("/api/complaints").WithTags("Complaints").WithIdempotencyKeys();
        cases.MapPost("/", async ([FromBody] FileComplaintBody body, IMediator m, CancellationToken ct) =>
            {
                var filed = await m.Send(new FileComplaint(body.OrderId, body.ItemIds, body.Category, body.Description, body.Language, body.QuickQuestion), ct);
                return filed.AttachedToExisting ? Results.Ok(filed) : Results.Created($"/api/complaints/{filed.Id}", filed);
            })
            .RequireRoles(Parties).WithSummary("File a complaint (a repeat of an open one is attached to it: 200 instead of 201)");

        cases.MapGet("/", async (IMediator m, CancellationToken ct, string? status, string? category, string? orderId, int page = 1, int pageSize = 25) =>
                Results.Ok(await m.Send(new ListComplaints(status, category, orderId, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.Buyer, Roles.Seller, Roles.Lead, Roles.Compliance).WithSummary("Cases: a party's own, or all for leads and compliance; paged");

        cases.MapGet("/{id:guid}", async (Guid id, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new GetComplaint(id), ct);
                http.Response.Headers.ETag = ETag.Of(view.Version);
                return Results.Ok(view);
            })
            .RequireRoles(CaseReaders).WithSummary("One case: status, open steps, next deadline, messages, evidence, decisions, timeline; ETag for decisions");

        cases.MapGet("/{id:guid}/contact-advice", async (Guid id, string? language, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetContactAdvice(id, language), ct)))
            .RequireRoles(Parties).WithSummary("How to follow up on my case: the recommended channel and why, with the email address and reply time, phone number or chat link, in the page's language");

        cases.MapPost("/{id:guid}/messages", async (Guid id, [FromBody] TextBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new PostMessage(id, body.Text, body.EvidenceIds), ct)))
            .RequireRoles(Roles.Buyer, Roles.Seller, Roles.Reviewer, Roles.Expert, Roles.Lead).WithSummary("Add a message (changes no clock)");

        cases.MapPost("/{id:guid}/evidence", async (Guid id, HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                // The form is read here, after authorization, so a caller without the right gets 401/403 and not 415.
                if (!request.HasFormContentType)
                    throw new Disputes.Domain.DomainRuleException("file", "Send the file as multipart/form-data in a field named 'file'.");
                var form = await request.ReadFormAsync(ct);
                var file = form.Files["file"] ?? throw new Disputes.Domain.DomainRuleException("file", "The form has no field named 'file'.");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var stored = await m.Send(new UploadEvidence(id, file.FileName, file.ContentType, buffer.ToArray()), ct);
                return Results.Created($"/api/complaints/{id}/evidence/{stored.Id}", stored);
            })
            .RequireRoles(Parties).DisableAntiforgery()
            // Bodies far above the evidence limit are cut off by the server (413) before they are read; within
            // the slack, the use case refuses an oversized file with a field-level message (422).
            .WithMetadata(new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<ComplaintOptions>>().Value.EvidenceMaxBytes + 1024 * 1024))
            .WithSummary("Attach an evidence file (multipart field 'file'; size and type limits apply)");

        cases.MapGet("/{id:guid}/evidence/{evidenceId:guid}", async (Guid id, Guid evidenceId, IMediator m, CancellationToken ct) =>
            {
                var e = await m.Send(new GetEvidence(id, evidenceId), ct);
                return Results.File(e.Content, e.ContentType, e.FileName);
            })
            .RequireRoles(CaseReaders).WithSummary("Download an evidence file");

        cases.MapPost("/{id:guid}/settlement/offer", async (Guid id, [FromBody] OfferBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new OfferSettlement(id, body.Amount, body.Currency, body.Note), ct)))
            .RequireRoles(Parties).WithSummary("The other party offers a settlement");
        cases.MapPost("/{id:guid}/settlement/refuse", async (Guid id, [FromBody] StatementBody? body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RefuseSettlement(id, body?.Statement), ct)))
            .RequireRoles(Parties).WithSummary("The other party declines to settle; the case goes to review");
        cases.MapPost("/{id:guid}/settlement/answer", async (Guid id, [FromBody] AnswerOfferBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AnswerSettlement(id, body.Accept), ct)))
            .RequireRoles(Parties).WithSummary("The complainant accepts or declines the offer");

        cases.MapPost("/{id:guid}/information-requests", async (Guid id, [FromBody] InformationRequestBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RequestInformation(id, body.PartyId, body.Question), ct)))
            .RequireRoles(Staff).WithSummary("Ask a party for information");
        cases.MapPost("/{id:guid}/information-requests/answer", async (Guid id, [FromBody] TextBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AnswerInformationRequest(id, body.Text, body.EvidenceIds), ct)))
            .RequireRoles(Parties).WithSummary("Answer the open information request");

        cases.MapPost("/{id:guid}/decision", async (Guid id, [FromBody] DecisionBody body, [FromHeader(Name = "If-Match")] string? ifMatch, IMediator m, HttpContext http, CancellationToken ct) =>
                Done(http, await m.Send(new DecideComplaint(id, ETag.Parse(ifMatch), body.Outcomes, body.Clauses, body.Facts, body.Reasons, body.Automated), ct)))
            .RequireRoles(Staff).WithSummary("Decide (If-Match: the case's ETag; a stale one gets 412)");
        cases.MapPost("/{id:guid}/escalation", async (Guid id, [FromBody] NoteBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new EscalateToExpert(id, body.Note), ct)))
            .RequireRoles(Staff).WithSummary("Escalate to a T&S expert");
        cases.MapPost("/{id:guid}/approval", async (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, IMediator m, HttpContext http, CancellationToken ct) =>
                Done(http, await m.Send(new ApproveDecision(id, ETag.Parse(ifMatch)), ct)))
            .RequireRoles(Roles.Expert, Roles.Lead).WithSummary("Approve a decision as the second expert");
        cases.MapPost("/{id:guid}/rejection", async (Guid id, [FromBody] ReasonBody body, [FromHeader(Name = "If-Match")] string? ifMatch, IMediator m, HttpContext http, CancellationToken ct) =>
                Done(http, await m.Send(new RejectDecision(id, ETag.Parse(ifMatch), body.Reason), ct)))
            .RequireRoles(Roles.Expert, Roles.Lead).WithSummary("Reject a decision as the second expert");
        cases.MapPost("/{id:guid}/appeal", async (Guid id, [FromBody] ReasonBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AppealDecision(id, body.Reason), ct)))
            .RequireRoles(Parties).WithSummary("Appeal the decision within its window");
        cases.MapPost("/{id:guid}/appeal/decision", async (Guid id, [FromBody] AppealDecisionBody body, [FromHeader(Name = "If-Match")] string? ifMatch, IMediator m, HttpContext http, CancellationToken ct) =>
                Done(http, await m.Send(new DecideAppeal(id, ETag.Parse(ifMatch), body.Reverse, body.RevisedOutcomes, body.Clauses, body.Facts, body.Reasons), ct)))
            .RequireRoles(Staff).WithSummary("Confirm or reverse on appeal (If-Match required)");
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/claim", async (Guid id, Guid taskId, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ClaimTask(id, taskId), ct)))
            .RequireRoles(Staff).WithSummary("Claim a staff task of the case");
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/release", async (Guid id, Guid taskId, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ReleaseTask(id, taskId), ct)))
            .RequireRoles(Staff).WithSummary("Give a task back to the unassigned queue");

        var review = app.MapGroup("/api").WithTags("Review");
        review.MapGet("/review-queue", async (IMediator m, CancellationToken ct, QueueKind kind = QueueKind.Mine, int page = 1, int pageSize = 25) =>
                Results.Ok(await m.Send(new GetReviewQueue(kind, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Staff).WithSummary("My queue: Mine, Unassigned, BreachingSoon, Breached; paged");
        review.MapGet("/review-queue/overview", async (IMediator m, CancellationToken ct, QueueKind kind = QueueKind.Mine, string? category = null, decimal? minValue = null,
                decimal? maxValue = null, string? language = null, int? minAgeDays = null, int page = 1, int pageSize = 25, string? after = null) =>
                Results.Ok(await m.Send(new GetQueueOverview(kind, new QueueFilter(category, minValue, maxValue, language, minAgeDays), Paging.Page(page), Paging.Size(pageSize), after), ct)))
            .RequireRoles(Staff).WithSummary("A queue with each task's case, filtered by category, order value, language and age (days since filing); exact total; paged by number or, with 'after' (the previous page's 'next'), by key");
        review.MapPost("/conflicts", async ([FromBody] ConflictBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new DeclareConflict(body.AccountId, body.Reason), ct)))
            .RequireRoles(Staff).WithIdempotencyKeys().WithSummary("Declare a conflict of interest with an account");
        review.MapGet("/conflicts", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListMyConflicts(), ct)))
            .RequireRoles(Staff).WithSummary("My declared conflicts");
        review.MapGet("/policies", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetPolicyCatalogue(), ct)))
            .RequireRoles(Roles.All.ToArray()).WithSummary("The policy catalogue decisions cite");

        var local = app.MapGroup("/api/local").WithTags("Embedded default: local marketplace and mailbox");
        local.MapGet("/ledger", async (IMediator m, CancellationToken ct, string? complaintId, string? kind, int page = 1, int pageSize = 50) =>
                Results.Ok(await m.Send(new GetLocalLedger(complaintId, kind, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.Admin, Roles.Compliance).WithSummary("Effects the local marketplace applied (refunds, cancellations, removals, suspensions, referrals)");
        local.MapGet("/mailbox", async (IMediator m, ICurrentUser user, CancellationToken ct, string? recipientId, Guid? complaintId, int page = 1, int pageSize = 50) =>
                Results.Ok(await m.Send(new GetLocalMailbox(user.IsIn(Roles.Admin) || user.IsIn(Roles.Compliance) ? recipientId : user.Id, complaintId, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.All.ToArray()).WithSummary("Notifications the local mailbox kept (yours, or anyone's for admin and compliance)");
    }

    private static IResult Done(HttpContext http, CaseActionResult result)
    {
        http.Response.Headers.ETag = ETag.Of(result.Version);
        return Results.Ok(result);
    }
}

public static class ETag
{
    public static string Of(long version) => $"\"{version}\"";

    public static long? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        return long.TryParse(text.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new Disputes.Domain.DomainRuleException("If-Match", $"'{header}' is not an ETag of this API (e.g. \"3\").");
    }
}

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Far beyond any real listing, and low enough that (page - 1) × pageSize never overflows.</summary>
    public const int MaxPage = 1_000_000;

    public static int Page(int page) => page is >= 1 and <= MaxPage ? page : throw new Disputes.Domain.DomainRuleException("page", $"page is between 1 and {MaxPage}.");

    public static int Size(int size) => size is >= 1 and <= MaxPageSize ? size : throw new Disputes.Domain.DomainRuleException("pageSize", $"pageSize is between 1 and {MaxPageSize}.");
}
