using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Disputes.Persistence.Workflows;
using Disputes.Workflows.Runtime;

namespace Disputes.Benchmarks;

/// <summary>The system clock plus an offset the benchmark moves forward, so timers become due without waiting.</summary>
public sealed class OffsetClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>Wall-clock moments (Stopwatch timestamps) at which store commits returned, while armed.</summary>
public sealed class CommitLog
{
    private ConcurrentBag<long> moments = [];
    private volatile bool armed;

    public void Arm()
    {
        moments = [];
        armed = true;
    }

    public long[] Disarm()
    {
        armed = false;
        return [.. moments];
    }

    public void Record()
    {
        if (armed) moments.Add(Stopwatch.GetTimestamp());
    }
}

/// <summary>The production EF store, plus a note of the wall time when each commit returned (i.e. had committed).</summary>
public sealed class RecordingStore(EfWorkflowStore inner, CommitLog log) : DelegatingWorkflowStore(inner)
{
    public override async Task CommitAsync(TransitionChanges changes, CancellationToken cancellationToken)
    {
        await Inner.CommitAsync(changes, cancellationToken);
        log.Record();
    }
}

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double Ms(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    public static string N0(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
    public static string N1(double value) => value.ToString("N1", CultureInfo.InvariantCulture);
    public static string N2(double value) => value.ToString("N2", CultureInfo.InvariantCulture);
}

/// <summary>Result of running one operation many times on a fixed number of workers.</summary>
public sealed record RunResult(int Count, int Errors, string? FirstError, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => (Count - Errors) / Elapsed.TotalSeconds;
    public double P50 => Stats.Percentile(LatenciesMs, 50);
    public double P99 => Stats.Percentile(LatenciesMs, 99);
}

public static class Parallelism
{
    /// <summary>Runs <paramref name="operation"/> for 0..count-1 on <paramref name="workers"/> workers; one operation at a time per worker.</summary>
    public static async Task<RunResult> RunAsync(int count, int workers, Func<int, Task> operation, Action<int>? progress = null)
    {
        var latencies = new double[count];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await operation(i);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                }
                latencies[i] = Stats.Ms(t0, Stopwatch.GetTimestamp());
                if (progress is not null && (i + 1) % 10000 == 0) progress(i + 1);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return new RunResult(count, errors, firstError, Stopwatch.GetElapsedTime(started), latencies);
    }
}
