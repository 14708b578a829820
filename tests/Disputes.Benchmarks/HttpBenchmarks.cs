using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using static Disputes.Benchmarks.Stats;

namespace Disputes.Benchmarks;

/// <summary>Scenarios (g) and (i): the service as a whole, over HTTP, and its audit trail at size.</summary>
public static class HttpBenchmarks
{
    public static async Task RunAsync(
        Dictionary<string, string> options, BenchDatabase db, string repositoryRoot, int concurrency, double? tpcb,
        Action<string, string, string, string> row, List<(string Target, string Measured, bool? Pass)> targets)
    {
        int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var scenarios = options.GetValueOrDefault("scenarios") ?? "";
        string VsTpcb(double tps) => tpcb is { } t ? $"= {tps / t * 100:0.0}% of pgbench TPC-B {N0(t)} tps at c={concurrency}" : "(no pgbench reference given)";

        if (options.ContainsKey("probe-only"))
        {
            await ProbeAsync(options, db, repositoryRoot);
            return;
        }
        await db.RecreateAsync();
        await using var walk = await ComplaintWalkScenario.StartAsync(db.ConnectionString, repositoryRoot);
        var complaints = Int("walk-complaints", 1000);
        var warmup = Int("walk-warmup", 2500);
        Console.WriteLine($"(g) complaint walk: warm-up {warmup}, then {complaints} complaints at c={concurrency}");
        // The figures are for a running service: the warm-up goes on, in rounds, until the JIT has settled (tiered
        // compilation replaces the first code of every hot method twice, and on two busy cores its background thread
        // gets little time), i.e. until a round of 500 complaints compiled fewer than 100 methods, or at most
        // --walk-warmup-max complaints.
        var warm = await walk.RunAsync(warmup, concurrency);
        var warmErrors = warm.Errors;
        var warmed = warmup;
        var warmupMax = Int("walk-warmup-max", 20_000);
        long jitRound;
        do
        {
            var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var round = await walk.RunAsync(500, concurrency);
            warmErrors += round.Errors;
            warmed += 500;
            jitRound = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;
            Console.WriteLine($"(g) warm-up: {warmed} complaints, {jitRound} methods compiled in the last 500");
        }
        while (jitRound >= 100 && warmed < warmupMax);
        row("(g) complaint walk", "warm-up", $"{N0(warmed)} complaints", $"until the JIT compiled fewer than 100 methods in a round of 500 complaints ({N0(jitRound)} in the last; at most {N0(warmupMax)})");
        if (warmErrors > 0) row("(g) complaint walk", "warm-up errors", N0(warmErrors), warm.FirstError ?? "");
        var readsBefore = walk.Marketplace.Reads.Values.Sum();
        var server = await ServerCpu.FindAsync(db.ConnectionString);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var (cpuBefore, serverBefore, allocatedBefore) = (process.TotalProcessorTime, server?.Now(), GC.GetTotalAllocatedBytes(precise: true));
        var run = await walk.RunAsync(complaints, concurrency);
        process.Refresh();
        var (cpuAfter, serverAfter, allocatedAfter) = (process.TotalProcessorTime, server?.Now(), GC.GetTotalAllocatedBytes(precise: true));
        var marketplaceReads = walk.Marketplace.Reads.Values.Sum() - readsBefore;
        var perSecond = (run.Complaints - run.Errors) / run.Elapsed.TotalSeconds;
        row("(g) complaint walk", "complaints/s", N1(perSecond), $"{N0(run.Complaints - run.Errors)} complaints in {run.Elapsed.TotalSeconds:0.0} s after a {N0(warmed)}-complaint warm-up; {N0(run.Errors)} errors {run.FirstError}");
        row("(g) complaint walk", "requests/s", N1(perSecond * 4), VsTpcb(perSecond * 4));
        row("(g) complaint walk", "marketplace reads", $"{marketplaceReads / (double)Math.Max(1, run.Complaints):0.0} GETs per complaint",
            "orders and accounts the service read from the stand-in during the measured walk (effects not counted)");
        // Steadier than requests/s on a shared machine, for comparing builds: the work a complaint costs, in the timed
        // walk only (after the warm-up, so no JIT), including what the outbox pump and the sealer did meanwhile.
        var walked = Math.Max(1, run.Complaints - run.Errors);
        var serverMs = serverAfter - serverBefore is { } spent ? $"{N2(spent.TotalMilliseconds / walked)} ms" : "n/a (server not on this machine)";
        row("(g) complaint walk", "CPU per complaint", $"{N2((cpuAfter - cpuBefore).TotalMilliseconds / walked)} ms + PostgreSQL {serverMs}",
            "user + system time in the timed walk: this process (service, load driver and stand-in), and the PostgreSQL server's processes (from /proc)");
        row("(g) complaint walk", "allocated per complaint", $"{N0((allocatedAfter - allocatedBefore) / walked / 1024.0)} KB",
            "GC.GetTotalAllocatedBytes in the timed walk, this process (service, load driver and stand-in)");
        foreach (var step in new[] { "file", "refuse", "read", "decide" })
        {
            var latencies = run.LatenciesMs.GetValueOrDefault(step) ?? [];
            var p50 = Percentile(latencies, 50);
            var p99 = Percentile(latencies, 99);
            row("(g) complaint walk", $"{step} p50 / p99", $"{N1(p50)} / {N1(p99)} ms", $"{N0(latencies.Length)} requests");
            targets.Add(($"(g) {step}: p99 at most 5 × p50", $"{N1(p99)} ms vs 5 × {N1(p50)} ms", p99 <= 5 * p50));
        }
        if (tpcb is { } reference) targets.Add(("(g) requests/s at least 25% of pgbench TPC-B", $"{N1(perSecond * 4)}/s = {perSecond * 4 / reference * 100:0.0}%", perSecond * 4 >= 0.25 * reference));

        // Effects: every decision pays one refund through the outbox pump; each accepted exactly once by the marketplace.
        var expected = warmed + complaints - warmErrors - run.Errors;
        var until = DateTime.UtcNow.AddMinutes(2);
        while (walk.Marketplace.Effects.Values.Count(e => e.Kind.Contains("refund", StringComparison.Ordinal)) < expected && DateTime.UtcNow < until) await Task.Delay(200);
        var refunds = walk.Marketplace.Effects.Values.Where(e => e.Kind.Contains("refund", StringComparison.Ordinal)).ToList();
        var repeated = refunds.Count(e => e.Posts > 1);
        row("(g) complaint walk", "effects", $"{N0(refunds.Count)} refunds for {N0(expected)} decisions", $"{repeated} sent more than once (answered 409, not applied twice); each idempotency key accepted once");
        targets.Add(("(g) every refund delivered exactly once", $"{N0(refunds.Count)} of {N0(expected)}", refunds.Count == expected));

        if (scenarios.Contains('i', StringComparison.Ordinal))
        {
            var lag = await AuditScenario.SealingLagAsync(db.ConnectionString, run.StartedAt, TimeSpan.FromMinutes(2));
            row("(i) audit", "sealing lag p50 / p99 under (g)", $"{N0(lag.P50)} / {N0(lag.P99)} ms", $"{N0(lag.Entries)} entries written during (g); max {N0(lag.Max)} ms; from the entry's time to its signed tree head's");
            targets.Add(("(i) sealing lag p99 at most 2 s under the (g) load", $"{N0(lag.P99)} ms", lag.P99 <= 2000));

            var backlog = Int("audit-backlog", 100_000);
            var sealTime = await AuditScenario.SealBacklogAsync(db.ConnectionString, backlog);
            row("(i) audit", "sealing a backlog", $"{N0(backlog / sealTime.TotalSeconds)} entries/s", $"{N0(backlog)} entries committed at once, sealed by the running sealer pump in {sealTime.TotalSeconds:0.0} s");

            var total = Int("audit-entries", 1_000_000);
            Console.WriteLine($"(i) bulk-loading a sealed chain of {N0(total)} entries");
            await AuditScenario.BulkLoadSealedAsync(walk.Services, db.ConnectionString, total);
            var (elapsed, result) = await AuditScenario.VerifyAsync(walk.Services);
            row("(i) audit", $"verify {N0(result.Checked)} entries", $"{elapsed.TotalSeconds:0.0} s",
                $"intact: {result.Intact}; {N0(result.TreeHeads)} signed tree heads, {N0(result.Cases)} cases, {N0(result.Decisions)} decisions cross-checked; {(result.Problems.Count > 0 ? result.Problems[0].Message : "")}");
            targets.Add(($"(i) verify of {N0(result.Checked)} entries in at most 60 s", $"{elapsed.TotalSeconds:0.0} s ({(result.Intact ? "intact" : "NOT intact")})", elapsed.TotalSeconds <= 60 && result.Intact));
        }

        if (scenarios.Contains('h', StringComparison.Ordinal))
        {
            var cases = Int("cases", 1_000_000);
            var times = Int("read-repeats", 50);
            var now = DateTimeOffset.UtcNow;
            var year = $"from={Uri.EscapeDataString(now.AddYears(-1).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}";
            var reports = new (string Name, string Path)[]
            {
                ("a year's statistics", "/api/compliance/statistics?" + year),
                ("the transparency figures for a year", "/api/compliance/transparency?" + year),
            };
            // Managed memory of the reports at a small size first, then again at full size: it must not grow with the data.
            var small = Math.Min(10_000, cases);
            await CasesAtSizeScenario.BulkLoadAsync(db.ConnectionString, small, 0);
            // The reports' memory is measured on the service without its Hangfire server: its background passes (the
            // assignment pass over the bulk-loaded unassigned tasks, the sealer, the statement job) are not the request's.
            await walk.RestartAsync(hangfireServer: false);
            var memorySmall = new List<CasesAtSizeScenario.Memory>();
            foreach (var (_, path) in reports) memorySmall.Add(await CasesAtSizeScenario.MemoryAsync(new Uri(walk.BaseUrl), "comp-lena", path, 5));
            await walk.RestartAsync(hangfireServer: true);
            Console.WriteLine($"(h) bulk-loading {N0(cases)} cases");
            var loadStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            await CasesAtSizeScenario.BulkLoadAsync(db.ConnectionString, cases - small, small);
            row("(h) cases stored", "bulk load", $"{N0(cases)} cases in {System.Diagnostics.Stopwatch.GetElapsedTime(loadStarted).TotalSeconds:0} s",
                "cloned in SQL from the walk's cases: 70% closed with a decision, 10% under appeal, 20% open with a review task (a sixth unassigned); filed over two years; then VACUUM ANALYZE");
            await walk.RestartAsync(hangfireServer: false);
            var memoryAtSize = new List<CasesAtSizeScenario.Memory>();
            foreach (var (_, path) in reports) memoryAtSize.Add(await CasesAtSizeScenario.MemoryAsync(new Uri(walk.BaseUrl), "comp-lena", path, 5));
            await walk.RestartAsync(hangfireServer: true);
            for (var i = 0; i < reports.Length; i++)
            {
                var atSizeMemory = memoryAtSize[i];
                var before = memorySmall[i];
                row("(h) cases stored", $"{reports[i].Name}: managed memory", $"{before.AllocatedMb:0.0} -> {atSizeMemory.AllocatedMb:0.0} MB allocated per request, heap peak {before.PeakMb:0.0} -> {atSizeMemory.PeakMb:0.0} MB",
                    $"at {N0(small)} -> {N0(cases)} cases; GC.GetTotalAllocatedBytes over 6 sequential requests (after 2 unmeasured), and the managed heap sampled every 2 ms above its level after a full collection; the whole process (service and client) on the service restarted without its Hangfire server (its background passes over the bulk-loaded backlog are not the request's) and at rest first (under 64 KB allocated in 0.5 s without a request)");
                // Judged on the bytes allocated per request (what the report holds while it runs); the sampled heap peak
                // is shown beside it, but at a megabyte or two it moves with the sampler and the client.
                var growth = atSizeMemory.AllocatedMb / Math.Max(before.AllocatedMb, 0.001) - 1;
                targets.Add(($"(h) {reports[i].Name}: managed memory within 10% of the {N0(small)}-case figure at {N0(cases)} cases",
                    $"allocated {before.AllocatedMb:0.0} -> {atSizeMemory.AllocatedMb:0.0} MB, peak {before.PeakMb:0.0} -> {atSizeMemory.PeakMb:0.0} MB ({growth:+0%;-0%})", growth <= 0.10));
            }
            var reads = new (string Name, string User, string Path, int Times, double Target)[]
            {
                ("a reviewer's queue page", "rev-sam", "/api/review-queue?kind=Mine&pageSize=25", times, 50),
                ("a lead's team view with filters", "lead-olga", "/api/review-queue/overview?kind=Unassigned&category=damaged&minValue=100&minAgeDays=7&pageSize=25", times, 50),
                ("a lead's team view, one step unassigned", "lead-olga", "/api/team-view?unassigned=true&role=reviewer&step=review&pageSize=25", times, 50),
                ("a lead's queue, a page deep down (by key)", "lead-olga", "AFTER:/api/review-queue/overview?kind=Unassigned&pageSize=25", times, 50),
                ("a compliance search", "comp-lena", "/api/compliance/decisions?category=damaged&outcome=full-refund&pageSize=25", times, 50),
                ("a year's statistics", "comp-lena", reports[0].Path, Math.Max(3, times / 10), 2000),
                ("the transparency figures for a year", "comp-lena", reports[1].Path, Math.Max(3, times / 10), 2000),
            };
            foreach (var (name, user, path, repeat, target) in reads)
            {
                var (target2, skipped) = path.StartsWith("AFTER:", StringComparison.Ordinal)
                    ? await CasesAtSizeScenario.AfterRowsAsync(new Uri(walk.BaseUrl), user, path["AFTER:".Length..], 1000)
                    : (path, 0);
                var latencies = await CasesAtSizeScenario.TimeAsync(new Uri(walk.BaseUrl), user, target2, repeat);
                var p99 = Percentile(latencies, 99);
                row("(h) cases stored", $"{name} p50 / p99", $"{N1(Percentile(latencies, 50))} / {N1(p99)} ms", $"{repeat} sequential GETs `{target2.Split('?')[0]}` as {user}" + (skipped > 0 ? $", after the first {N0(skipped)} rows (by key)" : ""));
                targets.Add(($"(h) {name}: p99 at most {N0(target)} ms at {N0(cases)} cases", $"{N1(p99)} ms", p99 <= target));
            }
            // The service was restarted for the memory probe (a new connection pool, whose statements are prepared
            // anew, and EF's query cache empty): 500 unmeasured complaints first, as (g) is measured on a warm service.
            var atSizeWarmup = Int("walk-at-size-warmup", 500);
            if (atSizeWarmup > 0) await walk.RunAsync(atSizeWarmup, concurrency);
            var atSize = await walk.RunAsync(Int("walk-at-size", 200), concurrency);
            foreach (var step in new[] { "file", "decide" })
            {
                var empty = Percentile(run.LatenciesMs.GetValueOrDefault(step) ?? [], 50);
                var full = Percentile(atSize.LatenciesMs.GetValueOrDefault(step) ?? [], 50);
                row("(h) cases stored", $"{step} p50 at size", $"{N1(full)} ms", $"{N0(atSize.Complaints)} complaints walked at c={concurrency} after {N0(atSizeWarmup)} unmeasured ones on the restarted service; {N1(empty)} ms in (g) on a nearly empty database; {N0(atSize.Errors)} errors");
                targets.Add(($"(h) {step} at {N0(cases)} cases within 20% of the nearly empty database", $"{N1(full)} vs {N1(empty)} ms", full <= empty * 1.2));
            }
        }
    }

    /// <summary>
    /// For iterating on a database a run left behind (<c>--probe-only 1</c>; <c>--probe-hangfire true</c> starts the
    /// service with its Hangfire server, which the memory probe then waits out): the reports' memory and the compliance reads at the size stored, nothing
    /// loaded or changed.
    /// </summary>
    private static async Task ProbeAsync(Dictionary<string, string> options, BenchDatabase db, string repositoryRoot)
    {
        var hangfire = options.GetValueOrDefault("probe-hangfire") == "true";
        await using var walk = await ComplaintWalkScenario.StartAsync(db.ConnectionString, repositoryRoot, hangfire);
        var now = DateTimeOffset.UtcNow;
        var year = $"from={Uri.EscapeDataString(now.AddYears(-1).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}";
        var paths = new[]
        {
            "/api/compliance/statistics?" + year, "/api/compliance/transparency?" + year,
            "/api/compliance/decisions?category=damaged&outcome=full-refund&pageSize=25",
        };
        foreach (var path in paths)
        {
            var memory = await CasesAtSizeScenario.MemoryAsync(new Uri(walk.BaseUrl), "comp-lena", path, 5);
            var latencies = await CasesAtSizeScenario.TimeAsync(new Uri(walk.BaseUrl), "comp-lena", path, path.Contains("decisions", StringComparison.Ordinal) ? 50 : 5);
            Console.WriteLine($"probe {path.Split('?')[0]}: {memory.AllocatedMb:0.00} MB allocated per request, peak {memory.PeakMb:0.0} MB; p50 {Percentile(latencies, 50):0.0} / p99 {Percentile(latencies, 99):0.0} ms (Hangfire server {(hangfire ? "on" : "off")})");
        }
    }
}
