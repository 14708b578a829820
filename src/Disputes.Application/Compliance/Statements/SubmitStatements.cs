using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Audit;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Compliance.Statements;

/// <summary>
/// The submission job (Hangfire, every minute): posts due statements to the Transparency Database in batches of at
/// most 100. A statement is sent again only if it was not accepted with HTTP 201; every refusal is kept with the
/// answer, and the statement waits a growing delay before the next try. A statement that fails our own check of the
/// format is never sent: it is marked invalid with its problems.
/// Each attempt is recorded (and committed) before the batch is sent, and its answer after. So a statement whose
/// last attempt has no answer (a crash, an outage or a timeout while sending) may be in the database already: like
/// every statement sent before, it is first looked up by its puid, and marked accepted if the database has it.
/// A batch the database refuses as invalid (400, 409, 422) is split in halves, and each half sent on its own, down to
/// single statements, so that the statements that are really refused are found and the others accepted; a single
/// statement refused is looked up by puid once more (the refusal may be of a duplicate). A batch that gets no answer,
/// a 5xx, 429 or an authorization error is not split: it waits and is sent again whole. One run at a time (a database
/// lock), so two nodes never send the same statement at once.
/// </summary>
public sealed record SubmitStatements : ICommand<SubmissionRun>;

public sealed record SubmissionRun(int Batches, int Sent, int Accepted, int Refused, int Invalid);

public sealed partial class SubmitStatementsHandler(
    IStatementStore store, IDsaTransparencyClient client, IOptions<DsaOptions> options, TimeProvider clock, IAuditTrail audit, Ports.IDistributedLock locks,
    ILogger<SubmitStatementsHandler> logger)
    : ICommandHandler<SubmitStatements, SubmissionRun>
{
    private int batches, sent, accepted, refused, invalid;

    public async ValueTask<SubmissionRun> Handle(SubmitStatements command, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("dsa-statement-submission", cancellationToken);
        if (held is null) return new SubmissionRun(0, 0, 0, 0, 0);
        var settings = options.Value;
        var size = Math.Clamp(settings.BatchSize, 1, 100);
        batches = sent = accepted = refused = invalid = 0;
        while (batches < settings.MaxBatchesPerRun && !cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var due = await store.DueAsync(now, size, cancellationToken);
            if (due.Count == 0) break;
            var outcomes = new List<SubmissionOutcome>();
            var valid = new List<StoredStatement>();
            foreach (var s in due)
            {
                if (s.Attempts > 0 && await ExistsAsync(s.Puid, cancellationToken) == true)
                {
                    // Sent before, and the database has it: the answer was lost (or never recorded). Not sent again.
                    outcomes.Add(FoundByPuid(s, now));
                    accepted++;
                    continue;
                }
                var problems = JsonNode.Parse(s.Payload) is JsonObject o ? DsaValidator.Validate(o) : ["the stored statement is not a JSON object"];
                if (problems.Count == 0) { valid.Add(s); continue; }
                outcomes.Add(new SubmissionOutcome(s.Id, s.Puid, StatementStatus.Invalid, now, now, string.Join("; ", problems), null));
                invalid++;
            }
            if (outcomes.Count > 0) await store.RecordAsync(outcomes, cancellationToken);
            if (valid.Count > 0) await SendAsync(valid, settings, false, cancellationToken);
        }
        return new SubmissionRun(batches, sent, accepted, refused, invalid);
    }

    private async Task SendAsync(List<StoredStatement> batch, DsaOptions settings, bool partOfSplit, CancellationToken cancellationToken)
    {
        batches++;
        var now = clock.GetUtcNow();
        var batchId = Guid.CreateVersion7(now);
        await store.BeginAttemptsAsync(batch.Select(s => s.Id).ToList(), batchId, now, partOfSplit, cancellationToken);
        DsaResponse response;
        try
        {
            response = await client.SubmitAsync(batch.Select(s => s.Payload).ToList(), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            response = new DsaResponse(0, "No answer: " + ex.Message);
        }
        var ok = response.Status == 201;
        var body = response.Body.Length > 4000 ? response.Body[..4000] : response.Body;
        sent += batch.Count;
        var split = !ok && RefusesContent(response.Status) && batch.Count > 1;
        audit.Append(new AuditEvent(ok ? "statements.accepted" : split ? "statements.refused.split" : "statements.refused", null, new JsonObject
        {
            ["batchId"] = batchId.ToString(), ["httpStatus"] = response.Status, ["puids"] = new JsonArray(batch.Select(s => (JsonNode?)JsonValue.Create(s.Puid)).ToArray()),
        }, Actor: Security.SystemUser.SystemId, Role: Security.SystemUser.RoleName));
        var attempts = batch.Select(s => new SubmissionAttempt(s.Id, s.Puid, batchId, now, response.Status, ok, body)).ToList();

        if (ok)
        {
            await store.RecordAsync(attempts.Select(a => new SubmissionOutcome(a.StatementId, a.Puid, StatementStatus.Accepted, now, now, null, a)).ToList(), cancellationToken);
            accepted += batch.Count;
            return;
        }
        if (split)
        {
            // One or more statements spoil the batch: find them, and let the others through.
            await store.RecordAnswersAsync(attempts, cancellationToken);
            LogSplit(logger, batch.Count, response.Status);
            var half = batch.Count / 2;
            await SendAsync(batch[..half], settings, true, cancellationToken);
            await SendAsync(batch[half..], settings, true, cancellationToken);
            return;
        }
        if (batch.Count == 1 && RefusesContent(response.Status) && await ExistsAsync(batch[0].Puid, cancellationToken) == true)
        {
            // Refused because the database has it already (an earlier answer was lost): accepted.
            await store.RecordAnswersAsync(attempts, cancellationToken);
            await store.RecordAsync([FoundByPuid(batch[0], now)], cancellationToken);
            accepted++;
            return;
        }
        await store.RecordAsync(batch.Zip(attempts, (s, a) =>
        {
            // s.Attempts: the statement's attempts before this run, so the delay grows per run, not per split part.
            var wait = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.RetryDelay.Ticks * (1L << Math.Min(s.Attempts, 20))));
            return new SubmissionOutcome(s.Id, s.Puid, StatementStatus.Refused, now, now + wait, $"HTTP {response.Status}: {(body.Length > 500 ? body[..500] : body)}", a);
        }).ToList(), cancellationToken);
        refused += batch.Count;
        LogRefused(logger, batch.Count, response.Status);
    }

    /// <summary>The database refused what was sent (not the request as such): the statements are worth sending apart.</summary>
    private static bool RefusesContent(int status) => status is 400 or 409 or 422;

    private static SubmissionOutcome FoundByPuid(StoredStatement s, DateTimeOffset now) =>
        new(s.Id, s.Puid, StatementStatus.Accepted, now, now, null, new SubmissionAttempt(s.Id, s.Puid, Guid.Empty, now, 302, true, "found by puid"));

    private async Task<bool?> ExistsAsync(string puid, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ExistsAsync(puid, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "The Transparency Database refused a batch of {Count} statements with HTTP {Status}; they are sent again later")]
    private static partial void LogRefused(ILogger logger, int count, int status);

    [LoggerMessage(LogLevel.Information, "The Transparency Database refused a batch of {Count} statements with HTTP {Status}; sending it in halves to find the refused ones")]
    private static partial void LogSplit(ILogger logger, int count, int status);
}
