using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Disputes.Benchmarks;

/// <summary>
/// (h) The service with many cases stored. The cases of the complaint walk are cloned in SQL to the given size with a
/// spread of states (filed over two years; 70% decided and closed with a decision, 10% under appeal, 20% open with a
/// review task: a third of them unassigned, the rest spread over the reviewers), decisions with a spread of outcomes,
/// categories and deciders; then ANALYZE, as after any bulk load. Then the reads of the staff and compliance pages, each
/// timed sequentially through HTTP.
/// </summary>
public static class CasesAtSizeScenario
{
    public static async Task BulkLoadAsync(string connectionString, int cases, int from)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var sql = $$"""
            CREATE SEQUENCE IF NOT EXISTS bench_case_number;
            CREATE TEMP TABLE bench_categories (n int, name text, kebab text);
            INSERT INTO bench_categories VALUES (0, 'NotReceived', 'not-received'), (1, 'NotAsDescribed', 'not-as-described'), (2, 'Damaged', 'damaged'),
                (3, 'Counterfeit', 'counterfeit'), (4, 'Fraud', 'fraud'), (5, 'Other', 'other');
            CREATE TEMP TABLE bench_new (id uuid, template uuid, n bigint, state int, category int, filed timestamptz, amount numeric);
            INSERT INTO bench_new
            SELECT gen_random_uuid(), t.ids[1 + (g % cardinality(t.ids))::int], g,
                   CASE WHEN g % 10 < 7 THEN 0 WHEN g % 10 = 7 THEN 1 ELSE 2 END, (g / 7 + g / 13) % 6,
                   now() - make_interval(mins => ((g * 7919) % (730 * 1440))::int), 10 + (g * 37) % 2000
            FROM generate_series({{from + 1}}::bigint, {{from + cases}}::bigint) g,
                 -- The templates: the cases the walk filed (not earlier clones).
                 (SELECT array_agg("Id" ORDER BY "Id") AS ids FROM complaints WHERE "Number" NOT LIKE 'H-%') t;
            DO $$
            DECLARE cols text; exprs text;
            BEGIN
                SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
                       string_agg(CASE column_name
                           WHEN 'Id' THEN 'b.id'
                           WHEN 'Number' THEN '''H-'' || lpad(b.n::text, 12, ''0'')'
                           WHEN 'RepeatKey' THEN 'b.id::text'
                           WHEN 'Status' THEN 'CASE b.state WHEN 0 THEN ''Closed'' WHEN 1 THEN ''UnderAppeal'' ELSE ''Open'' END'
                           WHEN 'Category' THEN '(SELECT name FROM bench_categories WHERE n = b.category)'
                           WHEN 'FiledAt' THEN 'b.filed'
                           WHEN 'AmountPaid' THEN 'b.amount'
                           ELSE 't.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position)
                INTO cols, exprs
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'complaints';
                EXECUTE format('INSERT INTO complaints (%s) SELECT %s FROM bench_new b JOIN complaints t ON t."Id" = b.template', cols, exprs);

                SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
                       string_agg(CASE column_name
                           WHEN 'ComplaintId' THEN 'b.id'
                           WHEN 'Number' THEN '1'
                           WHEN 'CaseNumber' THEN '''H-'' || lpad(b.n::text, 12, ''0'')'
                           WHEN 'Category' THEN '(SELECT kebab FROM bench_categories WHERE n = b.category)'
                           WHEN 'FiledAt' THEN 'b.filed'
                           WHEN 'AmountPaid' THEN 'b.amount'
                           WHEN 'DecidedAt' THEN 'b.filed + make_interval(hours => (24 + b.n % 400)::int)'
                           WHEN 'DecidedBy' THEN '(ARRAY[''rev-sam'', ''rev-ines'', ''rev-kofi'', ''exp-maria'', ''exp-tom''])[1 + b.n % 5]'
                           WHEN 'Status' THEN 'CASE WHEN b.state = 1 THEN ''Effective'' WHEN b.n % 50 = 0 THEN ''Reversed'' WHEN b.n % 40 = 0 THEN ''Confirmed'' ELSE ''Effective'' END'
                           WHEN 'OutcomeKinds' THEN '(ARRAY['',full-refund,'', '',partial-refund,'', '',no-action,'', '',full-refund,item-removal,'', '',order-cancellation,full-refund,''])[1 + b.n % 5]'
                           ELSE 't.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position)
                INTO cols, exprs
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'case_decisions';
                EXECUTE format('INSERT INTO case_decisions (%s) SELECT %s FROM bench_new b, LATERAL (SELECT * FROM case_decisions LIMIT 1) t WHERE b.state < 2', cols, exprs);

                SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
                       string_agg(CASE column_name
                           WHEN 'Id' THEN 'gen_random_uuid()'
                           WHEN 'CorrelationId' THEN 'b.id::text'
                           WHEN 'ActivityId' THEN '''review'''
                           WHEN 'Name' THEN '''review'''
                           WHEN 'Role' THEN '''reviewer'''
                           WHEN 'Assignee' THEN '(ARRAY[NULL, ''rev-sam'', ''rev-ines'', ''rev-kofi'', ''exp-maria'', ''exp-tom''])[1 + b.n % 6]'
                           WHEN 'AssignedAt' THEN 'CASE WHEN b.n % 6 = 0 THEN NULL ELSE b.filed END'
                           WHEN 'DueAt' THEN 'now() + make_interval(hours => (b.n % 400)::int - 100)'
                           WHEN 'CreatedAt' THEN 'b.filed'
                           WHEN 'ConsumedAt' THEN 'NULL'
                           WHEN 'ConsumedBy' THEN 'NULL'
                           ELSE 't.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position)
                INTO cols, exprs
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'wf_bookmarks';
                EXECUTE format('INSERT INTO wf_bookmarks (%s) SELECT %s FROM bench_new b, LATERAL (SELECT * FROM wf_bookmarks WHERE "Role" IS NOT NULL LIMIT 1) t WHERE b.state = 2', cols, exprs);
            END $$;
            """;
        await using (var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 }) await command.ExecuteNonQueryAsync();
        foreach (var table in new[] { "complaints", "case_decisions", "case_decision_terms", "wf_bookmarks", "case_tasks" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 3600 };
            await analyze.ExecuteNonQueryAsync();
        }
    }

    /// <summary>An HTTP client with <paramref name="user"/>'s demo bearer token.</summary>
    private static async Task<HttpClient> SignedInClientAsync(Uri baseAddress, string user)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        using var token = await client.PostAsJsonAsync("/api/auth/demo-token", new { userId = user });
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        return client;
    }

    public sealed record Memory(double AllocatedMb, double PeakMb);

    /// <summary>
    /// Managed memory of <paramref name="times"/> sequential GETs in this process (the service runs in it): bytes
    /// allocated per request, and the highest heap level sampled while they ran above the level after a full collection.
    /// Run it on a service without background work (<see cref="ComplaintWalkScenario.RestartAsync"/> without its
    /// Hangfire server), so that the figure is what the requests themselves allocate, in the service and the client.
    /// </summary>
    public static async Task<Memory> MemoryAsync(Uri baseAddress, string user, string path, int times)
    {
        await TimeAsync(baseAddress, user, path, 1);
        ComplaintWalkScenario.WaitForRest();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var floor = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        long peak = floor;
        var stop = false;
        // A thread of its own that sleeps between samples: the sampler allocates nothing, so what is counted does not
        // grow with how long the requests take (a Task.Delay loop allocated about 0.25 MB a second).
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                Thread.Sleep(2);
            }
        }) { IsBackground = true, Name = "heap sampler" };
        sampler.Start();
        await TimeAsync(baseAddress, user, path, times);
        Volatile.Write(ref stop, true);
        sampler.Join();
        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)(times + 1);
        return new Memory(perRequest / 1048576, (peak - floor) / 1048576.0);
    }

    /// <summary>
    /// The path continued after its first <paramref name="rows"/> rows (walking pages of 200 by their 'next' key), or
    /// after its last full page when it has fewer; and how many rows that skips.
    /// </summary>
    public static async Task<(string Path, int Skipped)> AfterRowsAsync(Uri baseAddress, string user, string path, int rows)
    {
        using var client = await SignedInClientAsync(baseAddress, user);
        string? after = null;
        var skipped = 0;
        while (skipped < rows)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>(path.Replace("pageSize=25", "pageSize=200", StringComparison.Ordinal) + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))))!;
            if (page["next"]?.GetValue<string>() is not { } next) break;
            after = next;
            skipped += 200;
        }
        return (after is null ? path : path + "&after=" + Uri.EscapeDataString(after), skipped);
    }

    /// <summary>Times <paramref name="times"/> sequential GETs as <paramref name="user"/>; latencies in ms.</summary>
    public static async Task<double[]> TimeAsync(Uri baseAddress, string user, string path, int times)
    {
        using var client = await SignedInClientAsync(baseAddress, user);
        using (var warm = await client.GetAsync(path))
        {
            if (!warm.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} as {user}: {(int)warm.StatusCode} {await warm.Content.ReadAsStringAsync()}");
        }
        var latencies = new double[times];
        for (var i = 0; i < times; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            latencies[i] = Stats.Ms(t0, Stopwatch.GetTimestamp());
        }
        return latencies;
    }
}
