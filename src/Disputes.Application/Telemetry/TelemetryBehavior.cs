using System.Diagnostics;
using Mediator;

namespace Disputes.Application.Telemetry;

/// <summary>
/// Mediator pipeline behaviour: each use case runs in its own trace span and its duration is recorded, tagged with
/// the use case and whether it succeeded or which exception ended it.
/// </summary>
public sealed class TelemetryBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string UseCase = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = DisputesTelemetry.Source.StartActivity(UseCase);
        var started = Stopwatch.GetTimestamp();
        var result = "ok";
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception ex)
        {
            result = ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            DisputesTelemetry.UseCaseDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("use_case", UseCase), new KeyValuePair<string, object?>("result", result));
        }
    }
}
