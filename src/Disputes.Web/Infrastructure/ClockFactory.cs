using Disputes.Workflows.Definitions;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// The service's clock. <c>Clock:Offset</c> (an ISO 8601 duration, e.g. P1D) shifts it forward, outside
/// Production only: it lets a test restart the service "a day later" and watch overdue timers fire.
/// </summary>
public static class ClockFactory
{
    public static TimeProvider Create(IConfiguration configuration, IHostEnvironment environment)
    {
        var offset = configuration["Clock:Offset"];
        if (string.IsNullOrWhiteSpace(offset)) return TimeProvider.System;
        if (environment.IsProduction()) throw new InvalidOperationException("Clock:Offset is refused in Production.");
        var duration = IsoDuration.Parse(offset);
        return new OffsetTimeProvider(duration.AddTo(DateTimeOffset.UnixEpoch) - DateTimeOffset.UnixEpoch);
    }

    private sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
