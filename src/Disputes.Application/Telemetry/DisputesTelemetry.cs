using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Disputes.Application.Telemetry;

/// <summary>
/// The service's own traces and metrics (OpenTelemetry names them by <see cref="Name"/>). Built on the runtime's
/// <see cref="ActivitySource"/> and <see cref="Meter"/>, so no telemetry package is needed below the web host.
/// </summary>
public static class DisputesTelemetry
{
    public const string Name = "Disputes";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> UseCaseDuration = Meter.CreateHistogram<double>(
        "disputes.use_case.duration", "ms", "How long a use case (command or query) took, by use case and result.");

    public static readonly Counter<long> ComplaintsFiled = Meter.CreateCounter<long>(
        "disputes.complaints.filed", "{complaint}", "Complaints filed, by category; repeats attached to an open case are counted with attached=true.");

    public static readonly Counter<long> TimersFired = Meter.CreateCounter<long>(
        "disputes.timers.fired", "{timer}", "Workflow timers fired (deadlines, warnings, escalations, signposting).");

    public static readonly Counter<long> EffectsDispatched = Meter.CreateCounter<long>(
        "disputes.effects.dispatched", "{effect}", "Outbox effects, by kind and result: done, retry or incident.");

    public static readonly Histogram<double> AuditSealingLag = Meter.CreateHistogram<double>(
        "disputes.audit.sealing_lag", "ms", "Time from an audit entry's writing to its sealing into the chain (signed tree head).");
}
