using Disputes.Application.Workflows;
using Hangfire.Server;
using Mediator;

namespace Disputes.Web.Jobs;

/// <summary>
/// Hangfire is the clock: these processes run inside every Hangfire server, wake every polling interval, and
/// fire due timer rows / run due outbox messages. Unlike a Hangfire job per timer they cost Hangfire's storage
/// nothing; a timer costs exactly one workflow transaction. A database lock lets one node drain at a time;
/// rows survive restarts, so overdue timers fire as soon as a server is back.
/// </summary>
public abstract partial class Pump(IServiceScopeFactory scopes, HangfireSettings settings, ILogger logger) : IBackgroundProcess
{
    protected abstract string Name { get; }

    protected abstract ValueTask RunOnceAsync(IMediator mediator, CancellationToken cancellationToken);

    public void Execute(BackgroundProcessContext context)
    {
        try
        {
            using var scope = scopes.CreateScope();
            RunOnceAsync(scope.ServiceProvider.GetRequiredService<IMediator>(), context.StoppingToken).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (context.StoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // A passing database outage must not stop the clock: log and try again next tick.
            LogFailed(logger, Name, ex);
        }
        context.Wait(settings.PollingInterval);
    }

    [LoggerMessage(LogLevel.Error, "{Pump} failed; it runs again on the next tick")]
    private static partial void LogFailed(ILogger logger, string pump, Exception exception);
}

public sealed class TimerPump(IServiceScopeFactory scopes, HangfireSettings settings, ILogger<TimerPump> logger, TimeProvider clock) : Pump(scopes, settings, logger)
{
    /// <summary>How often the background assignment pass looks for tasks nobody could take when they opened.</summary>
    private static readonly TimeSpan AssignmentPassEvery = TimeSpan.FromMinutes(1);

    private DateTimeOffset nextAssignmentPass;

    protected override string Name => "workflow timer pump";

    protected override async ValueTask RunOnceAsync(IMediator mediator, CancellationToken cancellationToken)
    {
        // A task a timer opens (a breach makes a lead task) is assigned in the timer's own transition.
        await mediator.Send(new FireDueTimers(), cancellationToken);
        if (clock.GetUtcNow() < nextAssignmentPass) return;
        nextAssignmentPass = clock.GetUtcNow() + AssignmentPassEvery;
        await mediator.Send(new Disputes.Application.Complaints.AssignOpenTasks(), cancellationToken);
    }
}

public sealed class OutboxPump(IServiceScopeFactory scopes, HangfireSettings settings, ILogger<OutboxPump> logger) : Pump(scopes, settings, logger)
{
    protected override string Name => "outbox pump";

    protected override async ValueTask RunOnceAsync(IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(new DispatchOutbox(), cancellationToken);
}
