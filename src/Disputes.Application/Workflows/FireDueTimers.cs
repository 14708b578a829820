using Disputes.Application.Ports;
using Disputes.Workflows.Runtime;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Workflows;

/// <summary>
/// Fires every timer that is due, each as one workflow transaction. Hangfire calls this every second; only the
/// node holding the timer lock drains, in batches, with a few transactions in parallel.
/// </summary>
public sealed record FireDueTimers : ICommand<FireDueTimersResult>;

public sealed record FireDueTimersResult(int Fired, int Skipped, bool LockHeldElsewhere);

public sealed partial class FireDueTimersHandler(
    ITimerQueue timers,
    IDistributedLock locks,
    IServiceScopeFactory scopes,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<FireDueTimersHandler> logger) : ICommandHandler<FireDueTimers, FireDueTimersResult>
{
    public async ValueTask<FireDueTimersResult> Handle(FireDueTimers command, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("workflow-timers", cancellationToken);
        if (held is null) return new FireDueTimersResult(0, 0, true);

        var fired = 0;
        var skipped = 0;
        var settings = options.Value;
        var failedThisRun = new HashSet<Guid>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = (await timers.FindDueAsync(clock.GetUtcNow(), settings.TimerBatchSize + failedThisRun.Count, cancellationToken))
                .Where(id => !failedThisRun.Contains(id)).Take(settings.TimerBatchSize).ToList();
            if (due.Count == 0) break;

            // The workers take the next timer of the batch as each finishes one, so one slow transaction does not
            // hold back a fixed share of the batch.
            var next = -1;
            var results = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(settings.TimerParallelism, due.Count)))
                .Select(_ => FireUntilEmptyAsync(() => Interlocked.Increment(ref next) is var i && i < due.Count ? due[i] : null, cancellationToken)));
            foreach (var (ok, notFired) in results)
            {
                fired += ok;
                skipped += notFired.Count;
                failedThisRun.UnionWith(notFired);
            }
        }
        if (fired > 0) Telemetry.DisputesTelemetry.TimersFired.Add(fired);
        return new FireDueTimersResult(fired, skipped, false);
    }

    private async Task<(int Fired, List<Guid> NotFired)> FireUntilEmptyAsync(Func<Guid?> take, CancellationToken cancellationToken)
    {
        var fired = 0;
        var notFired = new List<Guid>();
        while (take() is { } id)
        {
            // A fresh scope per timer: a fresh DbContext, so one failed transaction leaves nothing behind.
            await using var scope = scopes.CreateAsyncScope();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            try
            {
                if (await runtime.FireTimerAsync(id, cancellationToken) is not null) fired++;
            }
            catch (WorkflowConflictException ex)
            {
                // Another transition of the instance won; this timer stays if it is still valid and fires next round.
                LogConflict(logger, id, ex.Message);
                notFired.Add(id);
            }
            catch (WorkflowException ex)
            {
                LogFailed(logger, id, ex.Message);
                notFired.Add(id);
            }
        }
        return (fired, notFired);
    }

    [LoggerMessage(LogLevel.Debug, "Timer {TimerId} lost a race and will be tried again: {Reason}")]
    private static partial void LogConflict(ILogger logger, Guid timerId, string reason);

    [LoggerMessage(LogLevel.Warning, "Timer {TimerId} could not fire: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid timerId, string reason);
}
