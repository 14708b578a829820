using Disputes.Application.Ports;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Audit;
using Disputes.Web;
using Disputes.Web.Endpoints;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>The audit trail on PostgreSQL: every action recorded with its transaction, the database refuses changes,
/// and tampering the way a database superuser could (triggers off) is found and named by the verification.</summary>
[TestFixture]
public class AuditTrailTests
{
    private TestDatabase database = null!;
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(Db.PostgreSql);
        app = await TestApp.StartAsync(database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<JsonObject> VerifyAsync(string? query = null)
    {
        await app.SealAuditAsync();
        var response = await app.ClientAs("comp-lena").GetAsync("/api/compliance/audit/verify" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Ten entries, a minute apart, written the way the application writes them.</summary>
    private async Task<List<AuditRecord>> SeedAsync(int count = 10)
    {
        for (var i = 1; i <= count; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await using var scope = app.Services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            audit.Append(new AuditEvent("test.action", Guid.CreateVersion7(), new JsonObject { ["n"] = i, ["note"] = "entry " + i }, "rev-sam", "reviewer"));
            await audit.SaveAsync(CancellationToken.None);
        }
        await app.SealAuditAsync();
        return await app.WithDbAsync(async db => (await db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync())
            .Select(r => new AuditRecord(r.Sequence!.Value, r.Id, r.At, r.Actor, r.Role, r.CaseId, r.Action, r.Data, r.PreviousHash, r.Hash)).ToList());
    }

    /// <summary>SQL run as a database superuser with triggers switched off for the session (session_replication_role).</summary>
    private async Task AsAttackerAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET session_replication_role = replica", connection)) await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static List<(string Kind, long Sequence, string? EntryId, string Message)> Problems(JsonObject verification) =>
        verification["problems"]!.AsArray().Select(p => (p!["kind"]!.GetValue<string>(), p["sequence"]!.GetValue<long>(), p["entryId"]?.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();

    [Test]
    public async Task Every_step_of_a_case_is_recorded_with_actor_role_and_time_and_the_chain_verifies()
    {
        var driver = new CaseFlowDriver(app);
        var id = await driver.CounterfeitRemovedAsync();
        await CaseFlowDriver.OkAsync(await driver.PostAsync("rev-sam", "/api/conflicts", new { accountId = "seller-anna", reason = "My cousin sells there." }));
        await CaseFlowDriver.OkAsync(await driver.PostAsync("buyer-chloe", $"/api/complaints/{id}/messages", new { text = "Thank you." }));

        var page = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>($"/api/compliance/audit?caseId={id}&pageSize=200");
        var entries = page!["items"]!.AsArray().Select(e => e!.AsObject()).Reverse().ToList();
        var actions = entries.Select(e => e["action"]!.GetValue<string>()).ToList();
        Assert.That(actions, Is.SupersetOf(new[]
        {
            "case.filed", "timer.fired", "task.assigned", "guidance.added", "task.completed", "decision.made", "decision.effective", "effect.carried-out",
            "notification.sent", "signpost.sent", "statement.issued", "message.posted",
        }), string.Join(", ", actions));
        var timer = entries.First(e => e["action"]!.GetValue<string>() == "timer.fired");
        Assert.That((timer["actor"]!.GetValue<string>(), timer["role"]!.GetValue<string>()), Is.EqualTo(("timer", "system")));
        Assert.That(JsonNode.Parse(timer["data"]!.GetValue<string>())!["activity"]!.GetValue<string>(), Is.EqualTo("direct-resolution"), "the 3 business days to settle ran out");
        Assert.That(actions[0], Is.EqualTo("case.filed"));
        var filed = entries[0];
        Assert.That(filed["actor"]!.GetValue<string>(), Is.EqualTo("buyer-chloe"));
        Assert.That(filed["role"]!.GetValue<string>(), Is.EqualTo("buyer"));
        Assert.That(filed["data"]!.GetValue<string>(), Does.Not.Contain("The bag is a fake"), "free text is kept as a fingerprint, not copied");
        var decision = entries.First(e => e["action"]!.GetValue<string>() == "decision.made");
        Assert.That(decision["role"]!.GetValue<string>(), Does.Contain("expert"));
        Assert.That(JsonNode.Parse(decision["data"]!.GetValue<string>())!["clauses"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "IP-1.1" }));
        Assert.That(entries.Single(e => e["action"]!.GetValue<string>() == "case.filed")["at"], Is.Not.Null);

        var conflicts = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/audit?action=conflict.declared");
        Assert.That(conflicts!["items"]!.AsArray().Single()!["actor"]!.GetValue<string>(), Is.EqualTo("rev-sam"));

        var verification = await VerifyAsync();
        Assert.That(verification["intact"]!.GetValue<bool>(), Is.True, verification.ToJsonString());
        Assert.That(verification["checked"]!.GetValue<long>(), Is.GreaterThan(10));
    }

    [Test]
    public async Task Concurrent_actions_append_to_one_chain_without_a_fork()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
        {
            for (var k = 0; k < 5; k++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var unitOfWork = scope.ServiceProvider.GetRequiredService<Disputes.Application.Ports.IUnitOfWork>();
                var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
                await using var transaction = await unitOfWork.BeginAsync(CancellationToken.None);
                audit.Append(new AuditEvent("test.concurrent", null, new JsonObject { ["worker"] = worker, ["k"] = k }));
                await audit.SaveAsync(CancellationToken.None);
                await Task.Yield();
                await unitOfWork.CommitAsync(CancellationToken.None);
            }
        })));
        await app.SealAuditAsync();
        var sequences = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.Sequence).ToListAsync());
        Assert.That(sequences, Is.EqualTo(Enumerable.Range(1, 60).Select(i => (long?)i)));
        var verification = await VerifyAsync();
        Assert.That(verification["intact"]!.GetValue<bool>(), Is.True, verification.ToJsonString());
    }

    [Test]
    public async Task The_database_refuses_to_update_or_delete_an_audit_entry()
    {
        await SeedAsync(3);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_entries SET \"Actor\" = 'someone-else' WHERE \"Sequence\" = 2", "DELETE FROM audit_entries WHERE \"Sequence\" = 2", "TRUNCATE audit_entries" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.That(refused!.MessageText, Does.Contain("append-only"), sql);
        }
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync()), Is.EqualTo(3));
    }

    [Test]
    public async Task A_changed_entry_is_found_and_named()
    {
        var entries = await SeedAsync();
        await AsAttackerAsync("UPDATE audit_entries SET \"Data\" = '{\"n\":4,\"note\":\"nothing happened\"}' WHERE \"Sequence\" = 4");

        var verification = await VerifyAsync();
        Assert.That(verification["intact"]!.GetValue<bool>(), Is.False);
        var problems = Problems(verification);
        Assert.That(problems, Has.Count.EqualTo(1), verification.ToJsonString());
        Assert.That(problems[0].Kind, Is.EqualTo("Changed"));
        Assert.That(problems[0].Sequence, Is.EqualTo(4));
        Assert.That(problems[0].EntryId, Is.EqualTo(entries[3].Id.ToString()));

        // A date range after the change is intact; one that includes it is not.
        var after = Uri.EscapeDataString(entries[5].At.ToString("O"));
        Assert.That((await VerifyAsync($"?from={after}"))["intact"]!.GetValue<bool>(), Is.True);
        var around = $"?from={Uri.EscapeDataString(entries[2].At.ToString("O"))}&to={Uri.EscapeDataString(entries[4].At.ToString("O"))}";
        var ranged = await VerifyAsync(around);
        Assert.That(ranged["intact"]!.GetValue<bool>(), Is.False);
        Assert.That(ranged["checked"]!.GetValue<long>(), Is.EqualTo(3));

        // The command line says the same, with exit code 1.
        await using var cli = DisputesApp.Build(["audit", "verify", "--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(database.Settings));
        Assert.That(await AuditEndpoints.RunCommandAsync(cli, ["audit", "verify"]), Is.EqualTo(1));
        Assert.That(await AuditEndpoints.RunCommandAsync(cli, ["audit", "verify", "--from", entries[5].At.ToString("O")]), Is.EqualTo(0));
    }

    [Test]
    public async Task A_deleted_entry_is_found_and_named()
    {
        var entries = await SeedAsync();
        await AsAttackerAsync("DELETE FROM audit_entries WHERE \"Sequence\" = 6");

        var problems = Problems(await VerifyAsync());
        Assert.That(problems, Has.Count.EqualTo(2), string.Join("; ", problems));
        Assert.That(problems.Select(p => p.Kind), Has.All.EqualTo("Deleted"));
        var gap = problems.Single(p => p.Sequence == 6);
        Assert.That(gap.Message, Does.Contain("#6"));
        Assert.That(problems.Single(p => p.Sequence == 1).Message, Does.Contain("only 9 are stored"), "the signed tree head counts the entries it covers");
        Assert.That(entries[5].Sequence, Is.EqualTo(6));
    }

    [Test]
    public async Task A_chain_rewritten_whole_is_found_against_an_anchor_noted_earlier()
    {
        var entries = await SeedAsync();
        var anchor = entries[^1];
        // The attacker changes #3 and recomputes every hash from there on, so that every link holds again.
        var previous = entries[1].Hash;
        foreach (var e in entries.Skip(2))
        {
            var data = e.Sequence == 3 ? "{\"n\":3,\"note\":\"nothing happened\"}" : e.Data;
            var rewritten = e with { Data = data, PreviousHash = previous };
            var hash = AuditChain.Hash(rewritten);
            await AsAttackerAsync("UPDATE audit_entries SET \"Data\" = @data, \"PreviousHash\" = @prev, \"Hash\" = @hash WHERE \"Sequence\" = @seq",
                new NpgsqlParameter("data", data), new NpgsqlParameter("prev", previous), new NpgsqlParameter("hash", hash), new NpgsqlParameter("seq", e.Sequence));
            previous = hash;
        }

        // Every link holds again, but the batch's Merkle root no longer matches its signed tree head.
        var problems = Problems(await VerifyAsync());
        Assert.That(problems.Select(p => p.Kind), Is.EqualTo(new[] { "Changed" }), string.Join("; ", problems));
        Assert.That(problems[0].Message, Does.Contain("tree head #1"));
        var anchored = await VerifyAsync($"?anchorSequence={anchor.Sequence}&anchorHash={anchor.Hash}");
        Assert.That(anchored["intact"]!.GetValue<bool>(), Is.False);
        var problem = Problems(anchored).Single(p => p.Sequence == anchor.Sequence);
        Assert.That((problem.Kind, problem.Sequence, problem.EntryId), Is.EqualTo(("Changed", anchor.Sequence, anchor.Id.ToString())));
        Assert.That(problem.Message, Does.Contain("rewritten"));
    }

    [Test]
    public async Task An_inserted_entry_is_found_and_named_even_when_the_attacker_renumbers_and_hashes_it()
    {
        var entries = await SeedAsync();
        // The forged entry claims a decision between #5 and #6: later entries move up one place to make room, and
        // the forger computes its hash with the published algorithm, linking it to #5.
        var at = entries[4].At.AddSeconds(30);
        var forged = new AuditRecord(6, Guid.CreateVersion7(), at, "exp-maria", "expert", null, "decision.made", "{\"forged\":true}", entries[4].Hash, "");
        var hash = AuditChain.Hash(forged);
        await AsAttackerAsync("UPDATE audit_entries SET \"Sequence\" = \"Sequence\" + 1000 WHERE \"Sequence\" > 5; UPDATE audit_entries SET \"Sequence\" = \"Sequence\" - 999 WHERE \"Sequence\" > 1000;");
        await AsAttackerAsync("INSERT INTO audit_entries (\"Sequence\", \"Id\", \"At\", \"Actor\", \"Role\", \"CaseId\", \"Action\", \"Data\", \"PreviousHash\", \"Hash\") VALUES (6, @id, @at, 'exp-maria', 'expert', NULL, 'decision.made', '{\"forged\":true}', @prev, @hash)",
            new NpgsqlParameter("id", forged.Id), new NpgsqlParameter("at", at), new NpgsqlParameter("prev", entries[4].Hash), new NpgsqlParameter("hash", hash));

        var problems = Problems(await VerifyAsync());
        var inserted = problems.Single(p => p.Sequence == 6);
        Assert.That(inserted.Kind, Is.EqualTo("Inserted"), string.Join("; ", problems));
        Assert.That(inserted.EntryId, Is.EqualTo(forged.Id.ToString()));
        // The signed tree head sees it too: its batch no longer gives its root, and the chain now runs past the last head.
        Assert.That(problems.Single(p => p.Sequence == 1).Message, Does.Contain("tree head #1"), string.Join("; ", problems));
        Assert.That(problems.Single(p => p.Sequence == 11).Message, Does.Contain("no signed tree head covers it"), string.Join("; ", problems));
    }
}
