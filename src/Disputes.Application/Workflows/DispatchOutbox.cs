using Disputes.Application.Effects;
using Disputes.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Workflows;

/// <summary>
/// Runs committed side effects from the outbox through their handlers, with the message's idempotency key.
/// A failure is retried with a growing delay; after the last attempt it becomes an incident for operators.
/// </summary>
public sealed record DispatchOutbox : ICommand<DispatchOutboxResult>;

public sealed record DispatchOutboxResult(int Done, int Failed, bool LockHeldElsewhere);

public sealed partial class DispatchOutboxHandler(
    IOutbox outbox,
    IDistributedLock locks,
    IEnumerable<IEffectHandler> handlers,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<DispatchOutboxHandler> logger,
    IUnitOfWork unitOfWork,
    IAuditTrail audit) : ICommandHandler<DispatchOutbox, DispatchOutboxResult>
{
    public async ValueTask<DispatchOutboxResult> Handle(DispatchOutbox command, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("workflow-outbox", cancellationToken);
        if (held is null) return new DispatchOutboxResult(0, 0, true);

        var byKind = handlers.SelectMany(h => h.Kinds.Select(k => (k, h))).ToDictionary(x => x.k, x => x.h, StringComparer.Ordinal);
        var settings = options.Value;
        int done = 0, failed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await outbox.FindDueAsync(clock.GetUtcNow(), settings.OutboxBatchSize, cancellationToken);
            if (batch.Count == 0) break;
            foreach (var message in batch)
            {
                var attempt = message.Attempts + 1;
                try
                {
                    if (!byKind.TryGetValue(message.Kind, out var handler))
                        throw new InvalidOperationException($"No effect handler is registered for '{message.Kind}'.");
                    await handler.ExecuteAsync(new EffectRequest(message.InstanceId, message.ActivityId, message.Kind, message.Payload, message.IdempotencyKey, attempt), cancellationToken);
                    // The audit entry commits with the message's completion: recorded once, however often it was delivered.
                    await using (await unitOfWork.BeginAsync(cancellationToken))
                    {
                        audit.Append(Compliance.Audit.EffectAudit.Done(message, attempt));
                        await audit.SaveAsync(cancellationToken); // the audit chain's lock first, then the message's row
                        await outbox.MarkDoneAsync(message.Id, clock.GetUtcNow(), cancellationToken);
                        await unitOfWork.CommitAsync(cancellationToken);
                    }
                    done++;
                    Count(message.Kind, "done");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed++;
                    var now = clock.GetUtcNow();
                    DateTimeOffset? retryAt = attempt >= settings.EffectMaxAttempts
                        ? null
                        : now + settings.EffectRetryDelay * Math.Pow(2, attempt - 1);
                    LogFailed(logger, message.Kind, message.IdempotencyKey, attempt, ex.Message);
                    if (retryAt is null) audit.Append(Compliance.Audit.EffectAudit.Failed(message, attempt, ex.Message));
                    await outbox.MarkFailedAsync(message.Id, attempt, ex.Message, retryAt, now, cancellationToken);
                    Count(message.Kind, retryAt is null ? "incident" : "retry");
                }
            }
        }
        return new DispatchOutboxResult(done, failed, false);
    }

    private static void Count(string kind, string result) =>
        Telemetry.DisputesTelemetry.EffectsDispatched.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("result", result));

    [LoggerMessage(LogLevel.Warning, "Effect {Kind} ({Key}) failed on attempt {Attempt}: {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string key, int attempt, string error);
}
