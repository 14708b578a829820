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
/// format is never sent: it is marked invalid with its problems. A statement that was sent before is first looked up
/// by its puid: if the database has it (an earlier answer was lost), it is marked accepted and not sent again. One
/// run at a time (a database lock), so two nodes never send the same statement at once.
/// </summary>
public sealed record SubmitStatements : ICommand<SubmissionRun>;

public sealed record SubmissionRun(int Batches, int Sent, int Accepted, int Refused, int Invalid);

public sealed partial class SubmitStatementsHandler(
    IStatementStore store, IDsaTransparencyClient client, IOptions<DsaOptions> options, TimeProvider clock, IAuditTrail audit, Ports.IDistributedLock locks,
    ILogger<SubmitStatementsHandler> logger)
    : ICommandHandler<SubmitStatements, SubmissionRun>
{
    public async ValueTask<SubmissionRun> Handle(SubmitStatements command, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("dsa-statement-submission", cancellationToken);
        if (held is null) return new SubmissionRun(0, 0, 0, 0, 0);
        var settings = options.Value;
        var size = Math.Clamp(settings.BatchSize, 1, 100);
        int batches = 0, sent = 0, accepted = 0, refused = 0, invalid = 0;
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
                    // Accepted earlier, but the answer never reached us: not sent again.
                    outcomes.Add(new SubmissionOutcome(s.Id, s.Puid, StatementStatus.Accepted, now, now, null, new SubmissionAttempt(s.Id, s.Puid, Guid.Empty, now, 302, true, "found by puid")));
                    accepted++;
                    continue;
                }
                var problems = JsonNode.Parse(s.Payload) is JsonObject o ? DsaValidator.Validate(o) : ["the stored statement is not a JSON object"];
                if (problems.Count == 0) { valid.Add(s); continue; }
                outcomes.Add(new SubmissionOutcome(s.Id, s.Puid, "invalid", now, now, string.Join("; ", problems), null));
                invalid++;
            }
            if (valid.Count > 0)
            {
                batches++;
                var batchId = Guid.CreateVersion7(now);
                DsaResponse response;
                try
                {
                    response = await client.SubmitAsync(valid.Select(s => s.Payload).ToList(), cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    response = new DsaResponse(0, "No answer: " + ex.Message);
                }
                var ok = response.Status == 201;
                var body = response.Body.Length > 4000 ? response.Body[..4000] : response.Body;
                foreach (var s in valid)
                {
                    var wait = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.RetryDelay.Ticks * (1L << Math.Min(s.Attempts, 20))));
                    var attempt = new SubmissionAttempt(s.Id, s.Puid, batchId, now, response.Status, ok, body);
                    outcomes.Add(ok
                        ? new SubmissionOutcome(s.Id, s.Puid, StatementStatus.Accepted, now, now, null, attempt)
                        : new SubmissionOutcome(s.Id, s.Puid, StatementStatus.Refused, now, now + wait, $"HTTP {response.Status}: {(body.Length > 500 ? body[..500] : body)}", attempt));
                }
                sent += valid.Count;
                if (ok) accepted += valid.Count; else refused += valid.Count;
                if (!ok) LogRefused(logger, valid.Count, response.Status);
                audit.Append(new AuditEvent(ok ? "statements.accepted" : "statements.refused", null, new JsonObject
                {
                    ["batchId"] = batchId.ToString(), ["httpStatus"] = response.Status, ["puids"] = new JsonArray(valid.Select(s => (JsonNode?)JsonValue.Create(s.Puid)).ToArray()),
                }, Actor: Security.SystemUser.SystemId, Role: "system"));
            }
            await store.RecordAsync(outcomes, cancellationToken);
        }
        return new SubmissionRun(batches, sent, accepted, refused, invalid);
    }

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
}
