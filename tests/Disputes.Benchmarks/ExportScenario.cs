using System.Diagnostics;
using Disputes.Application.Compliance.Exports;
using Disputes.Persistence;
using Disputes.Persistence.Compliance;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.Benchmarks;

/// <summary>
/// (f) The compliance decision export: N rows in <c>case_decisions</c>, exported as CSV and as JSON by the
/// production source and writer into a stream that only counts bytes. Memory is sampled every 5 ms during the
/// export; a tenth of the rows is exported first, so that one sees whether the peak grows with the row count.
/// </summary>
public static class ExportScenario
{
    public sealed record Result(string Format, long Rows, long Bytes, TimeSpan Elapsed, long PeakHeapGrowth, long PeakWorkingSetGrowth, long Allocated);

    public static async Task SeedAsync(IServiceProvider services, int count)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string[] categories = ["not-received", "not-as-described", "damaged", "counterfeit", "fraud", "other"];
        string[] outcomes = [",full-refund,", ",partial-refund,", ",no-action,", ",full-refund,item-removal,", ",order-cancellation,full-refund,"];
        for (var done = 0; done < count;)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
            var batch = Math.Min(5_000, count - done);
            for (var i = done; i < done + batch; i++)
            {
                db.Decisions.Add(new DecisionRow
                {
                    ComplaintId = Guid.CreateVersion7(), Number = 1, CaseNumber = $"C-{i:X8}", Category = categories[i % categories.Length], Language = "en",
                    ComplainantSide = "buyer", BuyerId = $"buyer-{i % 997}", SellerId = $"seller-{i % 89}", Currency = "EUR", AmountPaid = 10 + i % 500,
                    FiledAt = start.AddMinutes(i * 5L), Stage = "Review", Status = "Effective", OutcomeKinds = outcomes[i % outcomes.Length], Clauses = ",BP-2.1,BP-3.1,",
                    DecidedBy = $"rev-{i % 17}", DecidedAt = start.AddMinutes(i * 5L + 600), AppealableUntil = start.AddMinutes(i * 5L + 600).AddDays(30),
                });
            }
            await db.SaveChangesAsync();
            done += batch;
        }
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DisputesDbContext>().Database.ExecuteSqlRawAsync("VACUUM ANALYZE case_decisions");
    }

    public static async Task<Result> ExportAsync(IServiceProvider services, string format, DateTimeOffset? to)
    {
        await using var scope = services.CreateAsyncScope();
        var source = new EfDecisionExportSource(scope.ServiceProvider.GetRequiredService<DisputesDbContext>());
        var output = new CountingStream();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        long peakHeap = heapBefore, peakWorkingSet = workingSetBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var p = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                p.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, p.WorkingSet64);
                try { await Task.Delay(5, stop.Token); } catch (OperationCanceledException) { break; }
            }
        });
        var rows = new CountingRows();
        var stopwatch = Stopwatch.StartNew();
        var filter = new DecisionExportFilter(null, to, null, null, null, null, null);
        if (format == "csv") await DecisionExportWriter.WriteCsvAsync(rows.Count(source.StreamAsync(filter, CancellationToken.None)), output, CancellationToken.None);
        else await DecisionExportWriter.WriteJsonAsync(rows.Count(source.StreamAsync(filter, CancellationToken.None)), output, CancellationToken.None);
        stopwatch.Stop();
        await stop.CancelAsync();
        await sampler;
        return new Result(format, rows.N, output.Length, stopwatch.Elapsed, peakHeap - heapBefore, peakWorkingSet - workingSetBefore, GC.GetTotalAllocatedBytes(true) - allocatedBefore);
    }

    private sealed class CountingRows
    {
        public long N { get; private set; }

        public async IAsyncEnumerable<DecisionExportRow> Count(IAsyncEnumerable<DecisionExportRow> rows)
        {
            await foreach (var r in rows) { N++; yield return r; }
        }
    }

    /// <summary>Discards what is written and counts it, like a client reading the response.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { length += buffer.Length; return ValueTask.CompletedTask; }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { length += count; return Task.CompletedTask; }
    }
}
