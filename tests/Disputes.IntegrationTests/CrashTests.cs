using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Npgsql;

namespace Disputes.IntegrationTests;

/// <summary>
/// Kills the real service process (SIGKILL) in the middle of a burst of transitions, restarts it "ten days later"
/// (Clock:Offset) and checks that nothing was lost, half-written or repeated, and that every overdue timer fired
/// exactly once. Runs on PostgreSQL with the Hangfire server and its timer and outbox pumps on.
/// </summary>
public class CrashTests
{
    private static string WebDll()
    {
        var candidates = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src", "Disputes.Web", "bin"), "Disputes.Web.dll", SearchOption.AllDirectories)
            .Where(f => f.Contains("net10.0", StringComparison.Ordinal) && !f.Contains("publish", StringComparison.Ordinal))
            .OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        Assert.That(candidates, Is.Not.Empty, "build the solution first (./test.sh does)");
        return candidates[0];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartService(TestDatabase database, int port, string? clockOffset)
    {
        var info = new ProcessStartInfo("dotnet", [WebDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebDll())!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Database__Provider"] = "PostgreSql";
        info.Environment["ConnectionStrings__Disputes"] = database.ConnectionString;
        info.Environment["Workflows__DefinitionsPath"] = Repo.Workflows;
        info.Environment["Demo__Seed"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        if (clockOffset is not null) info.Environment["Clock__Offset"] = clockOffset;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(process.HasExited, Is.False, "the service exited during start-up");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail("the service did not become ready within 60 s");
    }

    /// <summary>The operator API wants an admin: a demo token from the service itself (its key is random per process).</summary>
    private static async Task SignInAsAdminAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/demo-token", new { userId = "admin-ops" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    [Test, CancelAfter(180_000)]
    public async Task A_killed_service_loses_nothing_repeats_no_effect_and_fires_every_overdue_timer_once()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

        var service = StartService(database, port, null);
        var acknowledgedStarts = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, string Definition)>();
        var acknowledgedResumes = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        try
        {
            await WaitReadyAsync(client, service);
            await SignInAsAdminAsync(client);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var definition = i % 2 == 0 ? "sample-review" : "sample-waiting-period";
                        using var started = await client.PostAsJsonAsync("/api/workflow-instances", new { definitionId = definition, input = new { orderId = $"crash-{w}-{i}", amount = 10 } });
                        if (started.StatusCode != HttpStatusCode.Created) continue;
                        var id = Guid.Parse((await started.Content.ReadFromJsonAsync<JsonObject>())!["instanceId"]!.GetValue<string>());
                        acknowledgedStarts.Add((id, definition));
                        if (definition != "sample-review") continue;
                        using var resumed = await client.PostAsJsonAsync($"/api/workflow-instances/{id}/stimuli/review", new { input = new { outcome = "approve" } });
                        if (resumed.StatusCode == HttpStatusCode.OK) acknowledgedResumes.Add(id);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or SocketException)
                    {
                        // the service is being killed
                    }
                }
            })).ToList();

            // Kill mid-burst, once enough transitions went through, while requests are in flight.
            var until = DateTime.UtcNow.AddSeconds(30);
            while (acknowledgedStarts.Count < 150 && DateTime.UtcNow < until) await Task.Delay(50);
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            Assert.That(acknowledgedStarts, Has.Count.GreaterThanOrEqualTo(100), "the burst was too small to mean anything");
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
            service.Dispose();
        }

        // Restart "ten days later": every waiting-period timer (3 business days) is now overdue.
        var restarted = StartService(database, port, "P10D");
        try
        {
            await WaitReadyAsync(client, restarted);
            await using var db = new NpgsqlConnection(database.ConnectionString);
            await db.OpenAsync();
            async Task<long> Scalar(string sql)
            {
                await using var command = new NpgsqlCommand(sql, db);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }

            // Wait for the pumps (not for a clock): until no timer is left and the outbox is drained.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline &&
                   (await Scalar("SELECT count(*) FROM wf_timers WHERE \"Purpose\" = 'Activity' AND \"ActivityId\" = 'wait'") > 0 ||
                    await Scalar("SELECT count(*) FROM wf_outbox WHERE \"Status\" <> 'done'") > 0))
                await Task.Delay(250);

            // Nothing acknowledged was lost.
            foreach (var (id, _) in acknowledgedStarts)
                Assert.That(await Scalar($"SELECT count(*) FROM wf_instances WHERE \"Id\" = '{id}'"), Is.EqualTo(1), $"acknowledged instance {id} is missing");
            foreach (var id in acknowledgedResumes)
                Assert.That(await Scalar($"SELECT count(*) FROM wf_instances WHERE \"Id\" = '{id}' AND \"Status\" = 'Finished'"), Is.EqualTo(1), $"acknowledged resume of {id} is missing");

            // Nothing half-written: each instance's journal is complete, and what it waits on matches its state.
            Assert.That(await Scalar("""
                SELECT count(*) FROM wf_instances i
                WHERE i."JournalSequence" <> (SELECT count(*) FROM wf_journal j WHERE j."InstanceId" = i."Id")
                """), Is.Zero, "an instance's journal does not match its sequence");
            Assert.That(await Scalar("""
                SELECT count(*) FROM wf_instances i WHERE i."DefinitionId" = 'sample-review' AND i."Status" = 'Suspended'
                AND ((SELECT count(*) FROM wf_bookmarks b WHERE b."InstanceId" = i."Id" AND b."ConsumedAt" IS NULL) <> 1
                  OR (SELECT count(*) FROM wf_timers t WHERE t."InstanceId" = i."Id") <> 1)
                """), Is.Zero, "a suspended review lacks its bookmark or deadline");
            Assert.That(await Scalar("""
                SELECT count(*) FROM wf_instances i WHERE i."Status" = 'Finished'
                AND (EXISTS (SELECT 1 FROM wf_bookmarks b WHERE b."InstanceId" = i."Id" AND b."ConsumedAt" IS NULL)
                  OR EXISTS (SELECT 1 FROM wf_timers t WHERE t."InstanceId" = i."Id"))
                """), Is.Zero, "a finished instance still waits on something");
            Assert.That(await Scalar("SELECT count(*) FROM wf_instances WHERE \"Status\" NOT IN ('Suspended', 'Finished')"), Is.Zero);

            // Every overdue timer fired exactly once.
            Assert.That(await Scalar("SELECT count(*) FROM wf_instances WHERE \"DefinitionId\" = 'sample-waiting-period' AND \"Status\" <> 'Finished'"), Is.Zero);
            Assert.That(await Scalar("""
                SELECT count(*) FROM wf_instances i WHERE i."DefinitionId" = 'sample-waiting-period'
                AND (SELECT count(*) FROM wf_journal j WHERE j."InstanceId" = i."Id" AND j."Event" = 'TimerFired') <> 1
                """), Is.Zero, "a timer fired more or less than once");

            // No effect ran twice: one outbox message per effect the journals recorded (approved reviews and waited
            // periods; reviews left undecided breach their 7-day deadline after the restart and end without one),
            // and each applied once under its key.
            var effects = await Scalar("SELECT count(*) FROM wf_outbox");
            Assert.That(effects, Is.EqualTo(await Scalar("SELECT count(*) FROM wf_journal WHERE \"Event\" = 'EffectRecorded'")));
            Assert.That(await Scalar("SELECT count(*) FROM (SELECT \"InstanceId\" FROM wf_outbox GROUP BY \"InstanceId\" HAVING count(*) > 1) x"), Is.Zero);
            Assert.That(effects, Is.GreaterThanOrEqualTo(acknowledgedResumes.Count));
            Assert.That(await Scalar("SELECT count(*) FROM local_effects"), Is.EqualTo(effects));
            Assert.That(await Scalar("SELECT count(*) FROM wf_outbox o WHERE NOT EXISTS (SELECT 1 FROM local_effects e WHERE e.\"IdempotencyKey\" = o.\"IdempotencyKey\")"), Is.Zero);
            TestContext.Out.WriteLine($"acknowledged starts {acknowledgedStarts.Count}, resumes {acknowledgedResumes.Count}, effects {effects}, " +
                $"redelivered {await Scalar("SELECT count(*) FROM local_effects WHERE \"Deliveries\" > 1")}");
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
            restarted.Dispose();
        }
    }
}
