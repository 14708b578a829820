using System.Collections.Concurrent;
using Disputes.Application.Effects;
using Disputes.Application.Ports;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Workflows;

/// <summary>
/// Runs committed side effects from the outbox through their handlers, with the message's idempotency key.
/// A failure is retried with a growing delay; after the last attempt it becomes an incident for operators.
/// </summary>
/// <remarks>
/// One node dispatches at a time (a database lock). Within a batch, the messages of one workflow instance run one
/// after the other in the order they were recorded (a hold before its release, a refund before the decision's mail);
/// different instances run in parallel (<see cref="WorkflowOptions.OutboxParallelism"/>), each lane in a DI scope of
/// its own. The completions of a batch, with their audit entries, are then recorded in one transaction. A crash
/// before that records nothing: the messages run again with the same idempotency keys, which the receivers apply
/// once (as after a crash between one effect and its completion).
/// </remarks>
public sealed record DispatchOutbox : ICommand<DispatchOutboxResult>;

public sealed record DispatchOutboxResult(int Done, int Failed, bool LockHeldElsewhere);

public sealed partial class DispatchOutboxHandler(
    IOutbox outbox,
    IDistributedLock locks,
    IServiceScopeFactory scopes,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<DispatchOutboxHandler> logger,
    IUnitOfWork unitOfWork,
    IAuditTrail audit) : ICommandHandler<DispatchOutbox, DispatchOutboxResult>
{
    private sealed record Ran(PendingEffect Message, int Attempt, Exception? Error);

    public async ValueTask<DispatchOutboxResult> Handle(DispatchOutbox command, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("workflow-outbox", cancellationToken);
        if (held is null) return new DispatchOutboxResult(0, 0, true);

        var settings = options.Value;
        int done = 0, failed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await outbox.FindDueAsync(clock.GetUtcNow(), settings.OutboxBatchSize, cancellationToken);
            if (batch.Count == 0) break;

            var ran = new ConcurrentQueue<Ran>();
            var lanes = batch.GroupBy(m => m.InstanceId).ToList();
            await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.OutboxParallelism), CancellationToken = cancellationToken },
                async (lane, ct) =>
                {
                    AsyncServiceScope? scope = null;
                    try
                    {
                        Dictionary<string, IEffectHandler>? byKind = null;
                        foreach (var message in lane)
                        {
                            if (scope is null)
                            {
                                scope = scopes.CreateAsyncScope();
                                byKind = scope.Value.ServiceProvider.GetServices<IEffectHandler>().SelectMany(h => h.Kinds.Select(k => (k, h))).ToDictionary(x => x.k, x => x.h, StringComparer.Ordinal);
                            }
                            var result = await RunAsync(byKind!, message, ct);
                            ran.Enqueue(result);
                            if (result.Error is null) continue;
                            // A failed effect may leave its scope's unit of work half done: the lane goes on in a fresh one.
                            await scope.Value.DisposeAsync();
                            scope = null;
                        }
                    }
                    finally
                    {
                        if (scope is { } open) await open.DisposeAsync();
                    }
                });

            var completed = ran.Where(r => r.Error is null).ToList();
            if (completed.Count > 0)
            {
                // The audit entries commit with the completions: recorded once, however often a message was delivered.
                await using (await unitOfWork.BeginAsync(cancellationToken))
                {
                    foreach (var r in completed) audit.Append(Compliance.Audit.EffectAudit.Done(r.Message, r.Attempt));
                    await audit.SaveAsync(cancellationToken);
                    await outbox.MarkDoneAsync(completed.Select(r => r.Message.Id).ToList(), clock.GetUtcNow(), cancellationToken);
                    await unitOfWork.CommitAsync(cancellationToken);
                }
                done += completed.Count;
                foreach (var r in completed) Count(r.Message.Kind, "done");
            }

            foreach (var r in ran.Where(r => r.Error is not null))
            {
                failed++;
                var now = clock.GetUtcNow();
                DateTimeOffset? retryAt = r.Attempt >= settings.EffectMaxAttempts
                    ? null
                    : now + settings.EffectRetryDelay * Math.Pow(2, r.Attempt - 1);
                LogFailed(logger, r.Message.Kind, r.Message.IdempotencyKey, r.Attempt, r.Error!.Message);
                if (retryAt is null) audit.Append(Compliance.Audit.EffectAudit.Failed(r.Message, r.Attempt, r.Error.Message));
                await outbox.MarkFailedAsync(r.Message.Id, r.Attempt, r.Error.Message, retryAt, now, cancellationToken);
                Count(r.Message.Kind, retryAt is null ? "incident" : "retry");
            }
        }
        return new DispatchOutboxResult(done, failed, false);
    }

    private static async Task<Ran> RunAsync(Dictionary<string, IEffectHandler> byKind, PendingEffect message, CancellationToken cancellationToken)
    {
        var attempt = message.Attempts + 1;
        try
        {
            if (!byKind.TryGetValue(message.Kind, out var handler))
                throw new InvalidOperationException($"No effect handler is registered for '{message.Kind}'.");
            await handler.ExecuteAsync(new EffectRequest(message.InstanceId, message.ActivityId, message.Kind, message.Payload, message.IdempotencyKey, attempt), cancellationToken);
            return new Ran(message, attempt, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Ran(message, attempt, ex);
        }
    }

    private static void Count(string kind, string result) =>
        Telemetry.DisputesTelemetry.EffectsDispatched.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("result", result));

    [LoggerMessage(LogLevel.Warning, "Effect {Kind} ({Key}) failed on attempt {Attempt}: {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string key, int attempt, string error);
}
