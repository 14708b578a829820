using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Disputes.Application.Workflows;
using Disputes.Benchmarks;
using Disputes.Persistence;
using Disputes.Persistence.Workflows;
using Disputes.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Disputes.Benchmarks.Stats;

// Usage: Disputes.Benchmarks [--concurrency 8] [--instances 20000] [--timers 100000] [--bookmarks 1000000]
//   [--resumes 2000] [--sustain 600] [--sample-every 30] [--connection <server conn>] [--database disputes_bench]
//   [--warmup 5] [--export-rows 100000] [--workflows <folder>] [--pgbench-tpcb <tps>] [--pgbench-insert <tps>] [--label <text>] [--out <file.md>]
var options = ParseArgs(args);
// BENCH_EXCEPTIONS=1: count first-chance exceptions by type and place, printed at the end (exceptions are costly:
// a path that throws on every request shows here).
var exceptions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
if (Environment.GetEnvironmentVariable("BENCH_EXCEPTIONS") == "1")
{
    AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        exceptions.AddOrUpdate($"{e.Exception.GetType().Name} at {e.Exception.TargetSite?.DeclaringType?.Name}.{e.Exception.TargetSite?.Name}: {e.Exception.Message[..Math.Min(80, e.Exception.Message.Length)]}", 1, (_, n) => n + 1);
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var (what, n) in exceptions.OrderByDescending(kv => kv.Value).Take(15)) Console.Error.WriteLine($"exceptions {n,8} {what}");
    };
}
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
double? Num(string name) => options.TryGetValue(name, out var v) && double.TryParse(v, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : null;

var concurrency = Int("concurrency", 8);
var instances = Int("instances", 20_000);
var timerCount = Int("timers", 100_000);
var bookmarkCount = Int("bookmarks", 1_000_000);
var resumeCount = Int("resumes", 2_000);
var sustainSeconds = Int("sustain", 600);
var sampleEvery = Int("sample-every", 30);
var serverConnection = options.GetValueOrDefault("connection") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
var databaseName = options.GetValueOrDefault("database") ?? "disputes_bench";
var workflowsFolder = options.GetValueOrDefault("workflows") ?? FindWorkflowsFolder();
var tpcb = Num("pgbench-tpcb");
var insertTps = Num("pgbench-insert");
var label = options.GetValueOrDefault("label") ?? "";
// Scenarios to run (letters a-e; default all). (b) needs (a); the others stand alone. For iterating only.
var scenarios = options.GetValueOrDefault("scenarios") ?? "abcdef";
bool Runs(char scenario) => scenarios.Contains(scenario, StringComparison.Ordinal);
TimeSpan Cpu() { using var p = Process.GetCurrentProcess(); return p.TotalProcessorTime; }
string CpuPer(TimeSpan before, long transitions) => $"{N0((Cpu() - before).TotalMicroseconds / transitions)} µs CPU of the benchmark process per transition";

// Extra Npgsql connection-string options for the service (e.g. "Max Auto Prepare=20"), to try deployment settings.
var npgsqlOptions = options.GetValueOrDefault("npgsql");
var db = new BenchDatabase(serverConnection, databaseName, npgsqlOptions);
var rows = new List<(string Scenario, string Figure, string Value, string Note)>();
var targets = new List<(string Target, string Measured, bool? Pass)>();
void Row(string scenario, string figure, string value, string note = "")
{
    rows.Add((scenario, figure, value, note));
    Console.WriteLine($"  {scenario} | {figure}: {value} {note}");
}
var serverVersion = await db.ServerVersionAsync();
// (g) and (i) run the whole service over HTTP on their own database; the runtime scenarios (a)-(f) follow on theirs.
if (scenarios.Any(c => c is 'g' or 'h' or 'i'))
    await HttpBenchmarks.RunAsync(options, new BenchDatabase(serverConnection, databaseName + "_http", npgsqlOptions), Path.GetDirectoryName(workflowsFolder)!,
        concurrency, tpcb, (s, f, v, n) => Row(s, f, v, n), targets);
if (!scenarios.Any(c => c is >= 'a' and <= 'f'))
{
    await ReportAsync();
    return 0;
}
string VsTpcb(double tps) => tpcb is { } t ? $"= {tps / t * 100:0}% of pgbench TPC-B {N0(t)} tps at c={concurrency}" : "(no pgbench reference given)";
string VsInsert(double tps) => insertTps is { } t ? $"= {tps / t * 100:0}% of pgbench single-row insert {N0(t)} tps at c={concurrency}" : "";

Console.WriteLine($"Disputes benchmark: c={concurrency}, instances={instances}, timers={timerCount}, bookmarks={bookmarkCount}, resumes={resumeCount}, sustain={sustainSeconds}s");
await db.RecreateAsync();

var clock = new OffsetClock();
var commitLog = new CommitLog();
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = "PostgreSql",
    ["ConnectionStrings:Disputes"] = db.ConnectionString,
    ["Workflows:DefinitionsPath"] = workflowsFolder,
}).Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton<TimeProvider>(clock);
services.AddSingleton(commitLog);
services.AddDisputesPersistence(configuration, Path.GetDirectoryName(workflowsFolder)!);
services.AddDisputesWorkflows(configuration, Path.GetDirectoryName(workflowsFolder)!);
// workflows/ also holds the complaint process, whose definition names the application's own activity.
services.AddSingleton<Disputes.Workflows.Activities.IActivity, Disputes.Application.Complaints.Activities.CarryOutDecisionActivity>();
// The production store, decorated to note when each commit returned (used for timer lateness).
services.AddScoped<EfWorkflowStore>();
services.Replace(ServiceDescriptor.Scoped<IWorkflowStore, RecordingStore>());
await using var provider = services.BuildServiceProvider();
await PersistenceRegistration.MigrateAsync(provider);

async Task<TransitionResult> StartReview(int i)
{
    await using var scope = provider.CreateAsyncScope();
    var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
    return await runtime.StartAsync(new StartRequest("sample-review", null, $"order-{Guid.NewGuid():N}",
        new JsonObject { ["orderId"] = $"o-{i}", ["amount"] = 12.5, ["currency"] = "EUR" }, "bench"));
}
async Task<TransitionResult> Resume(Guid instanceId, Guid? bookmarkId, string outcome)
{
    await using var scope = provider.CreateAsyncScope();
    var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
    return await runtime.ResumeAsync(new ResumeRequest(instanceId, null, "review", bookmarkId, new JsonObject { ["outcome"] = outcome }, "bench"));
}
void ReportErrors(string scenario, RunResult r)
{
    if (r.Errors > 0) Row(scenario, "errors", N0(r.Errors), r.FirstError ?? "");
}
string CommitsPerTransition(Counters before, Counters after, long transitions)
{
    var (commits, writes) = Counters.PerTransition(before, after, transitions);
    return $"{N2(commits)} commits ({N2(writes)} writing)";
}
var perTransition = new List<(string Scenario, double Commits, double Writes)>();
void NoteCommits(string scenario, Counters before, Counters after, long transitions) =>
    perTransition.Add((scenario, Counters.PerTransition(before, after, transitions).Commits, Counters.PerTransition(before, after, transitions).Writes));

// Warm-up: JIT (tiered compilation promotes hot methods to optimized code in the background, which takes a while on
// a busy 2-core machine), pools, catalog, plans. Not measured: start+resume pairs at concurrency C. Its throughput per
// 5 s window is reported, so that one can see whether the warm-up was long enough to reach the steady state.
var warmupSeconds = Int("warmup", 5);
Console.WriteLine($"warm-up {warmupSeconds} s");
var warmUpStart = Stopwatch.GetTimestamp();
var warmUpUntil = warmUpStart + Stopwatch.Frequency * warmupSeconds;
var warmUpWindows = new long[Math.Max(1, (warmupSeconds + 4) / 5)];
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    for (var i = 0; Stopwatch.GetTimestamp() < warmUpUntil; i++)
    {
        var w = await StartReview(i);
        await Resume(w.InstanceId, null, i % 2 == 0 ? "approve" : "reject");
        var window = (int)(Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds / 5);
        Interlocked.Add(ref warmUpWindows[Math.Min(window, warmUpWindows.Length - 1)], 2);
    }
})));
Row("warm-up (start+resume pairs)", "throughput per 5 s window", string.Join(", ", warmUpWindows.Select(n => N0(n / 5.0))) + " transitions/s",
    $"{warmupSeconds} s before (a), not measured; rises while the JIT replaces unoptimized code");

// (a) start N sample-review instances up to their first bookmark.
if (Runs('a'))
{
    Console.WriteLine("(a) start");
    var commits0 = await db.CountersAsync();
    var started = new TransitionResult[instances];
    var cpuA = Cpu();
    var a = await Parallelism.RunAsync(instances, concurrency, async i => started[i] = await StartReview(i));
    var cpuPerA = CpuPer(cpuA, instances);
    var commits1 = await db.CountersAsync();
    Row("(a) start to first bookmark", "throughput", $"{N0(a.PerSecond)} transitions/s", $"{VsTpcb(a.PerSecond)}; {VsInsert(a.PerSecond)}");
    Row("(a) start to first bookmark", "latency p50 / p99", $"{N1(a.P50)} / {N1(a.P99)} ms", cpuPerA);
    Row("(a) start to first bookmark", "commits per transition", CommitsPerTransition(commits0, commits1, instances), $"pg_stat_database.xact_commit delta / {N0(instances)}");
    ReportErrors("(a) start to first bookmark", a);
    targets.Add(("start throughput >= 50% of pgbench TPC-B", tpcb is { } tp ? $"{N0(a.PerSecond)}/s vs {N0(tp)} tps ({a.PerSecond / tp * 100:0}%)" : $"{N0(a.PerSecond)}/s (no reference)", tpcb is { } tq ? a.PerSecond >= 0.5 * tq : null));
    NoteCommits("start", commits0, commits1, instances);

    // (b) resume each once, by instance id + stimulus name.
    Console.WriteLine("(b) resume");
    var cpuB = Cpu();
    var b = await Parallelism.RunAsync(instances, concurrency, async i =>
    {
        if (started[i] is null) throw new InvalidOperationException("instance was not started");
        await Resume(started[i].InstanceId, null, i % 2 == 0 ? "approve" : "reject");
    });
    var cpuPerB = CpuPer(cpuB, instances);
    var commits2 = await db.CountersAsync();
    Row("(b) resume (by instance + stimulus)", "throughput", $"{N0(b.PerSecond)} transitions/s", VsTpcb(b.PerSecond));
    Row("(b) resume (by instance + stimulus)", "latency p50 / p99", $"{N1(b.P50)} / {N1(b.P99)} ms", $"half approve (effect to outbox), half reject; {cpuPerB}");
    Row("(b) resume (by instance + stimulus)", "commits per transition", CommitsPerTransition(commits1, commits2, instances));
    ReportErrors("(b) resume (by instance + stimulus)", b);
    NoteCommits("resume", commits1, commits2, instances);
    started = []; // async Main keeps its locals alive to the end: drop the scenario's data for (e)
}

// (c) many timers due at the same moment, drained by the production handler.
if (Runs('c'))
{
    Console.WriteLine("(c) timers: starting instances");
    var c0 = await Parallelism.RunAsync(timerCount, concurrency, async i =>
    {
        await using var scope = provider.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        await runtime.StartAsync(new StartRequest("sample-waiting-period", null, null, new JsonObject { ["orderId"] = $"w-{i}" }, "bench"));
    }, n => Console.WriteLine($"    {n} started"));
    Row("(c) timers", "start sample-waiting-period", $"{N0(c0.PerSecond)} transitions/s", $"{N0(timerCount)} instances; {VsTpcb(c0.PerSecond)}");
    ReportErrors("(c) timers", c0);
    var pendingTimers = await db.ScalarLongAsync("SELECT count(*) FROM wf_timers");
    clock.Advance(TimeSpan.FromDays(30));
    var commits3 = await db.CountersAsync();
    var dueNow = clock.GetUtcNow();
    var stillDue = await db.ScalarLongAsync($"SELECT count(*) FROM wf_timers WHERE \"DueAt\" <= '{dueNow.UtcDateTime:O}'::timestamptz");
    Console.WriteLine($"(c) timers: draining {stillDue} due timers ({pendingTimers} stored)");
    commitLog.Arm();
    var drainStart = Stopwatch.GetTimestamp();
    var fired = 0;
    var skipped = 0;
    var drainCalls = 0;
    while (true)
    {
        await using (var scope = provider.CreateAsyncScope())
        {
            var handler = new FireDueTimersHandler(
                scope.ServiceProvider.GetRequiredService<ITimerQueue>(),
                scope.ServiceProvider.GetRequiredService<IDistributedLock>(),
                scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(),
                scope.ServiceProvider.GetRequiredService<IOptions<WorkflowOptions>>(),
                clock,
                NullLogger<FireDueTimersHandler>.Instance);
            var result = await handler.Handle(new FireDueTimers(), CancellationToken.None);
            fired += result.Fired;
            skipped += result.Skipped;
            drainCalls++;
        }
        var remaining = await db.ScalarLongAsync($"SELECT count(*) FROM wf_timers WHERE \"DueAt\" <= '{dueNow.UtcDateTime:O}'::timestamptz");
        if (remaining == 0 || drainCalls > 50) break;
}
var drainEnd = Stopwatch.GetTimestamp();
var firedMoments = commitLog.Disarm();
var commits4 = await db.CountersAsync();
var drainSeconds = Stopwatch.GetElapsedTime(drainStart, drainEnd).TotalSeconds;
var lateness = firedMoments.Select(m => Ms(drainStart, m) / 1000.0).ToArray();
var workflowOptions = provider.GetRequiredService<IOptions<WorkflowOptions>>().Value;
Row("(c) timers", "drain time", $"{N1(drainSeconds)} s", $"{N0(fired)} fired, {N0(skipped)} skipped, {drainCalls} handler call(s); FireDueTimersHandler, batch {workflowOptions.TimerBatchSize}, parallelism {workflowOptions.TimerParallelism}");
Row("(c) timers", "drain rate", $"{N0(fired / drainSeconds)} timers/s", VsTpcb(fired / drainSeconds));
Row("(c) timers", "lateness p50 / p99", $"{N2(Percentile(lateness, 50))} / {N2(Percentile(lateness, 99))} s",
    "wall time when each timer's commit returned minus drain start (the moment the clock jumped past every due time)");
Row("(c) timers", "commits per fired timer", CommitsPerTransition(commits3, commits4, Math.Max(1, fired)), "includes the drain's due-timer queries");
targets.Add(("timer drain >= 1,000 timers/s", $"{N0(fired / drainSeconds)}/s ({N0(fired)} timers)", fired / drainSeconds >= 1000));
NoteCommits("timer", commits3, commits4, Math.Max(1, fired));
}

// (d) resume latency with many bookmarks stored.
if (Runs('d'))
{
    Console.WriteLine($"(d) loading {bookmarkCount} suspended instances");
    var template = await StartReview(-1);
    var loadStart = Stopwatch.GetTimestamp();
    var clones = await db.CloneSuspendedAsync(template.InstanceId, bookmarkCount);
    // What autovacuum would have done long before a database held a million bookmarks; left to it, its vacuum of the
    // freshly loaded tables (insert threshold: 20% of the rows) runs during the measurement.
    await db.ExecuteAsync("VACUUM (ANALYZE) wf_instances, wf_bookmarks, wf_timers");
    await db.ExecuteAsync("ANALYZE");
    var loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
    var openBookmarks = await db.ScalarLongAsync("SELECT count(*) FROM wf_bookmarks WHERE \"ConsumedAt\" IS NULL");
    var allBookmarks = await db.ScalarLongAsync("SELECT count(*) FROM wf_bookmarks");
    Row("(d) resume, bookmarks stored", "bulk load", $"{N0(bookmarkCount)} instances+bookmarks+timers in {N1(loadSeconds)} s", $"binary COPY + VACUUM ANALYZE; {N0(allBookmarks)} bookmark rows ({N0(openBookmarks)} open)");
    var pick = Enumerable.Range(0, clones.Length).OrderBy(_ => Random.Shared.Next()).Take(Math.Min(clones.Length, resumeCount * 2)).ToArray();
    var sequentialCount = Math.Min(resumeCount, pick.Length / 2);
    var commits5 = await db.CountersAsync();
    var dSeq = await Parallelism.RunAsync(sequentialCount, 1, async i => await Resume(clones[pick[i]].Instance, clones[pick[i]].Bookmark, "approve"));
    var dPar = await Parallelism.RunAsync(pick.Length - sequentialCount, concurrency, async i =>
    {
        var k = pick[sequentialCount + i];
        await Resume(clones[k].Instance, clones[k].Bookmark, "approve");
    });
    var commits6 = await db.CountersAsync();
    Row("(d) resume, bookmarks stored", "sequential latency p50 / p99", $"{N1(dSeq.P50)} / {N1(dSeq.P99)} ms", $"{N0(sequentialCount)} random loaded bookmarks, by bookmark id, approve");
    Row("(d) resume, bookmarks stored", $"c={concurrency} latency p50 / p99", $"{N1(dPar.P50)} / {N1(dPar.P99)} ms", $"{N0(dPar.Count)} more; {N0(dPar.PerSecond)} transitions/s");
    Row("(d) resume, bookmarks stored", "commits per transition", CommitsPerTransition(commits5, commits6, dSeq.Count + dPar.Count));
    ReportErrors("(d) resume sequential", dSeq);
    ReportErrors($"(d) resume c={concurrency}", dPar);
    var worstP99 = Math.Max(dSeq.P99, dPar.P99);
    targets.Add(($"resume p99 <= 20 ms with {N0(allBookmarks)} bookmarks stored (sequential and c={concurrency})", $"{N1(dSeq.P99)} ms sequential, {N1(dPar.P99)} ms at c={concurrency}", worstP99 <= 20));
    NoteCommits($"resume@{N0(allBookmarks)}", commits5, commits6, dSeq.Count + dPar.Count);
    clones = [];
    pick = [];
}
if (perTransition.Count > 0)
{
    // Read to two decimals, as printed: autovacuum/analyze of the bench database add a few commits of their own.
    targets.Add(("<= 1 database commit per transition", "xact_commit / writing transactions per transition: "
        + string.Join(", ", perTransition.Select(t => $"{t.Scenario} {N2(t.Commits)} / {N2(t.Writes)}")),
        perTransition.All(t => Math.Round(t.Commits, 2) <= 1.0 && Math.Round(t.Writes, 2) <= 1.0)));
}

// (e) sustained start+resume loop; memory samples.
if (sustainSeconds > 0 && Runs('e'))
{
    Console.WriteLine($"(e) sustained start+resume for {sustainSeconds} s");
    // The earlier scenarios' own data (the 100,000s of ids and results they keep) is garbage now: collect and compact
    // it, and return the memory, so that the samples show the service's memory, not the harness's leftovers.
    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    var samples = new List<(double At, long Heap, long WorkingSet)>();
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(sustainSeconds));
    long transitions = 0;
    long errors = 0;
    var sustainStart = Stopwatch.GetTimestamp();
    var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var s = await StartReview(n++);
                await Resume(s.InstanceId, null, n % 2 == 0 ? "approve" : "reject");
                Interlocked.Add(ref transitions, 2);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    })).ToArray();
    var sampler = Task.Run(async () =>
    {
        for (var k = 1; k * sampleEvery <= sustainSeconds; k++)
        {
            var wait = TimeSpan.FromSeconds(k * sampleEvery) - Stopwatch.GetElapsedTime(sustainStart);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            var sample = (Stopwatch.GetElapsedTime(sustainStart).TotalSeconds, heap, process.WorkingSet64);
            lock (samples) samples.Add(sample);
            Console.WriteLine($"    t={sample.Item1:0}s heap={heap / 1048576.0:0.0} MiB ws={process.WorkingSet64 / 1048576.0:0.0} MiB transitions={Interlocked.Read(ref transitions)}");
        }
    });
    await Task.WhenAll(workers);
    await sampler;
    var sustainElapsed = Stopwatch.GetElapsedTime(sustainStart).TotalSeconds;
    Row("(e) sustained start+resume", "throughput", $"{N0(transitions / sustainElapsed)} transitions/s", $"{N0(transitions)} transitions in {N0(sustainElapsed)} s, {N0(errors)} errors");
    foreach (var (at, heap, ws) in samples)
        Row("(e) sustained start+resume", $"memory at {at:0} s", $"heap {heap / 1048576.0:0.0} MiB, working set {ws / 1048576.0:0.0} MiB", "heap = GC.GetTotalMemory(true)");
    if (samples.Count >= 2)
    {
        var first = samples[0];
        var last = samples[^1];
        var heapDev = samples.Max(s => Math.Abs(s.Heap - first.Heap) / (double)first.Heap * 100);
        var wsDev = samples.Max(s => Math.Abs(s.WorkingSet - first.WorkingSet) / (double)first.WorkingSet * 100);
        Row("(e) sustained start+resume", "first vs last sample", $"heap {first.Heap / 1048576.0:0.0} -> {last.Heap / 1048576.0:0.0} MiB, working set {first.WorkingSet / 1048576.0:0.0} -> {last.WorkingSet / 1048576.0:0.0} MiB");
        Row("(e) sustained start+resume", "max deviation from first sample", $"heap {heapDev:0.0}%, working set {wsDev:0.0}%", $"first sample at {first.At:0} s is the first steady one");
        targets.Add(("memory flat within 10% over the sustained run", $"heap max deviation {heapDev:0.0}%, working set {wsDev:0.0}% ({samples.Count} samples over {N0(sustainElapsed)} s)", heapDev <= 10 && wsDev <= 10));
    }
    else
    {
        targets.Add(("memory flat within 10% over the sustained run", "fewer than 2 samples: run longer", null));
    }
}

// (f) compliance decision export: 100,000 decisions as CSV and JSON, streamed; peak memory during the export.
if (Runs('f'))
{
    var exportRows = Int("export-rows", 100_000);
    Console.WriteLine($"(f) decision export: seeding {N0(exportRows)} decisions");
    await ExportScenario.SeedAsync(provider, exportRows);
    var tenth = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(exportRows / 10 * 5L + 600);
    await ExportScenario.ExportAsync(provider, "csv", tenth); // warm-up: JIT and plans, not reported
    var peaks = new Dictionary<string, long>();
    foreach (var (format, to) in new[] { ("csv", (DateTimeOffset?)tenth), ("csv", null), ("json", (DateTimeOffset?)tenth), ("json", null) })
    {
        var r = await ExportScenario.ExportAsync(provider, format, to);
        var mb = 1024.0 * 1024.0;
        peaks[$"{format}-{(to is null ? "all" : "tenth")}"] = r.PeakHeapGrowth;
        Row("(f) export", $"{format.ToUpperInvariant()}, {N0(r.Rows)} decisions: peak managed heap growth", $"{r.PeakHeapGrowth / mb:0.0} MB",
            $"working set growth {r.PeakWorkingSetGrowth / mb:0.0} MB; {r.Bytes / mb:0.0} MB written in {r.Elapsed.TotalSeconds:0.0} s ({N0(r.Rows / r.Elapsed.TotalSeconds)} rows/s); {r.Allocated / mb:0} MB allocated in total (garbage, collected as it goes)");
    }
    foreach (var format in new[] { "csv", "json" })
    {
        // Constant memory: exporting ten times the rows may not raise the peak by more than 8 MB.
        var growth = (peaks[$"{format}-all"] - peaks[$"{format}-tenth"]) / (1024.0 * 1024.0);
        targets.Add(($"(f) {format.ToUpperInvariant()} export of {N0(exportRows)} decisions in constant memory (peak heap at most 8 MB above a tenth's)", $"{growth:+0.0;-0.0} MB", growth <= 8));
    }
}

await ReportAsync();
return 0;

async Task ReportAsync()
{
var md = new StringBuilder();
md.AppendLine(CultureInfo.InvariantCulture, $"### Results{(label.Length > 0 ? " — " + label : "")}");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Parameters: concurrency {concurrency}, instances {N0(instances)}, timers {N0(timerCount)}, bookmarks {N0(bookmarkCount)}, resumes {N0(resumeCount)}, sustain {sustainSeconds} s (sample every {sampleEvery} s){(string.IsNullOrWhiteSpace(npgsqlOptions) ? "" : $", extra Npgsql options `{npgsqlOptions}`")}. Server: {serverVersion}.");
md.AppendLine();
if (tpcb is not null || insertTps is not null)
{
    md.AppendLine(CultureInfo.InvariantCulture, $"pgbench reference on the same server at c={concurrency}: TPC-B {(tpcb is { } x ? N0(x) : "n/a")} tps, single-row insert {(insertTps is { } y ? N0(y) : "n/a")} tps.");
    md.AppendLine();
}
md.AppendLine("| Scenario | Figure | Value | Reference / how measured |");
md.AppendLine("|---|---|---|---|");
foreach (var (scenario, figure, value, note) in rows) md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {figure} | {value} | {note.Replace("|", "/", StringComparison.Ordinal)} |");
md.AppendLine();
md.AppendLine("| Target | Measured | Result |");
md.AppendLine("|---|---|---|");
foreach (var (target, measured, pass) in targets) md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {measured} | {(pass is null ? "n/a" : pass.Value ? "PASS" : "FAIL")} |");
md.AppendLine();
md.AppendLine("Commits per transition = delta of `pg_stat_database.xact_commit` of the bench database around the scenario (pooled connections closed and 1 s waited before each reading, so that backends flush their statistics), divided by the transitions. It counts every committed transaction, read-only ones included: a query run outside the transition's transaction, or the `DISCARD ALL` Npgsql sends on reuse of a pooled connection, would each count (the store reads inside its transaction; the service's pool skips the reset). \"Writing\" = delta of `pg_current_xact_id()`, divided by the transitions: only transactions and subtransactions (savepoints) that write take a transaction id; cluster-wide, so autovacuum/analyze may add a little. The target is checked on both figures, to two decimals as printed.");
Console.WriteLine();
Console.WriteLine(md.ToString());
if (options.GetValueOrDefault("out") is { } outFile) await File.WriteAllTextAsync(outFile, md.ToString());
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
        var name = args[i][2..];
        result[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
    }
    return result;
}

static string FindWorkflowsFolder()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Disputes.sln"))) return Path.Combine(dir.FullName, "workflows");
    throw new InvalidOperationException("Repository root (Disputes.sln) not found; pass --workflows <folder>.");
}
