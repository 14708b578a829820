using Disputes.Application.Ports;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Audit;
using Disputes.Web;
using Disputes.Web.Endpoints;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>
/// Sealing off the request path, on PostgreSQL: entries commit with their action and no lock; the sealer chains them in
/// commit order, survives a crash mid-batch without losing or doubling an entry, and its signed tree heads and the
/// anchors kept outside the database find a changed, deleted, inserted or truncated trail. A case's entries come with
/// inclusion proofs that check offline.
/// </summary>
[TestFixture]
public class AuditSealingTests
{
    private TestDatabase database = null!;
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(Db.PostgreSql);
        app = await TestApp.StartAsync(database, settings: new() { ["Audit:SealBatchSize"] = "10" });
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task AppendAsync(int count, string action = "test.action")
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            audit.Append(new AuditEvent(action, null, new JsonObject { ["n"] = i }, "rev-sam", "reviewer"));
            await audit.SaveAsync(CancellationToken.None);
        }
    }

    private async Task ExecuteAsync(string sql, bool replica = false, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        if (replica)
            await using (var off = new NpgsqlCommand("SET session_replication_role = replica", connection)) await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonObject> VerifyAsync(string query = "")
    {
        var response = await app.ClientAs("comp-lena").GetAsync("/api/compliance/audit/verify" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<(string Kind, long Sequence, string Message)> Problems(JsonObject verification) =>
        verification["problems"]!.AsArray().Select(p => (p!["kind"]!.GetValue<string>(), p["sequence"]!.GetValue<long>(), p["message"]!.GetValue<string>())).ToList();

    private Task<List<long?>> SequencesAsync() => app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.Sequence).ToListAsync());

    [Test]
    public async Task An_action_commits_its_entry_without_waiting_for_another_and_the_sealer_keeps_commit_order()
    {
        // An older transaction holds an entry it has not committed yet.
        await using var slow = app.Services.CreateAsyncScope();
        var unitOfWork = slow.ServiceProvider.GetRequiredService<Disputes.Application.Ports.IUnitOfWork>();
        var slowAudit = slow.ServiceProvider.GetRequiredService<IAuditTrail>();
        await using (var transaction = await unitOfWork.BeginAsync(CancellationToken.None))
        {
            slowAudit.Append(new AuditEvent("test.slow", null, new JsonObject()));
            await slowAudit.SaveAsync(CancellationToken.None);

            // Another action commits meanwhile: no lock makes it wait (it used to queue behind the chain's advisory lock).
            var quick = AppendAsync(3, "test.quick");
            Assert.That(await Task.WhenAny(quick, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(quick), "the quick action waited for the slow one");
            await quick;
            Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Sequence == null)), Is.EqualTo(3), "committed unsealed");

            // The sealer seals nothing past the oldest running transaction: the quick entries wait for the slow one.
            var early = await app.SendAsync(new SealAuditTrail());
            Assert.That(early.Entries, Is.EqualTo(0));
            await unitOfWork.CommitAsync(CancellationToken.None);
        }
        var sealedNow = await app.SealAuditAsync();
        Assert.That(sealedNow.Entries, Is.EqualTo(4));
        var chain = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Sequence).Select(a => new { a.Sequence, a.Action }).ToListAsync());
        Assert.That(chain.Select(c => c.Action), Is.EqualTo(new[] { "test.slow", "test.quick", "test.quick", "test.quick" }), "chained in transaction order");
        Assert.That(chain.Select(c => c.Sequence), Is.EqualTo(new long?[] { 1, 2, 3, 4 }));
        Assert.That((await VerifyAsync())["intact"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_sealer_that_dies_mid_batch_loses_no_entry_and_seals_none_twice()
    {
        await AppendAsync(30);
        // The second tree head's insert kills the sealer's own connection, as a crash of its node would: its batch's
        // seals were already written in the transaction, which PostgreSQL now rolls back.
        await ExecuteAsync("""
            CREATE SEQUENCE sealer_crash;
            CREATE FUNCTION sealer_crash() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('sealer_crash') = 2 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER sealer_crash BEFORE INSERT ON audit_tree_heads FOR EACH ROW EXECUTE FUNCTION sealer_crash();
            """);
        Assert.That(async () => await app.SendAsync(new SealAuditTrail(Wait: true)), Throws.Exception);
        Assert.That(await SequencesAsync(), Has.Exactly(10).Not.Null.And.Exactly(20).Null, "the first batch committed; the second rolled back whole");

        // The next run (here; on any node) carries on where the committed chain ends.
        await ExecuteAsync("DROP TRIGGER sealer_crash ON audit_tree_heads");
        var resumed = await app.SealAuditAsync();
        Assert.That(resumed.Entries, Is.EqualTo(20));
        Assert.That(await SequencesAsync(), Is.EqualTo(Enumerable.Range(1, 30).Select(i => (long?)i)));
        var heads = await app.WithDbAsync(db => db.AuditTreeHeads.OrderBy(h => h.Number).Select(h => new { h.Number, h.FirstSequence, h.LastSequence }).ToListAsync());
        Assert.That(heads.Select(h => (h.Number, h.FirstSequence, h.LastSequence)), Is.EqualTo(new[] { (1L, 1L, 10L), (2L, 11L, 20L), (3L, 21L, 30L) }));
        var verification = await VerifyAsync();
        Assert.That(verification["intact"]!.GetValue<bool>(), Is.True, verification.ToJsonString());
        Assert.That(verification["treeHeads"]!.GetValue<long>(), Is.EqualTo(3));
    }

    [Test]
    public async Task Sealers_racing_writers_and_each_other_chain_every_entry_once()
    {
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => AppendAsync(25)));
        using var stop = new CancellationTokenSource();
        var sealers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await app.SendAsync(new SealAuditTrail());
        })).ToList();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(sealers);
        await app.SealAuditAsync();

        Assert.That(await SequencesAsync(), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (long?)i)));
        var heads = await app.WithDbAsync(db => db.AuditTreeHeads.OrderBy(h => h.Number).ToListAsync());
        Assert.That(heads.Sum(h => h.Size), Is.EqualTo(100));
        Assert.That(heads.Zip(heads.Skip(1)).All(p => p.Second.FirstSequence == p.First.LastSequence + 1 && p.Second.PreviousHeadHash == p.First.HeadHash), Is.True);
        Assert.That((await VerifyAsync())["intact"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_forged_entry_sealed_behind_the_sealers_back_at_the_end_is_found()
    {
        await AppendAsync(10);
        await app.SealAuditAsync();
        var last = await app.WithDbAsync(db => db.AuditEntries.OrderByDescending(a => a.Sequence).FirstAsync());
        // Correctly linked and hashed with the published algorithm: the chain alone cannot tell it from a real entry.
        var at = last.At.AddSeconds(1);
        var forged = new AuditRecord(11, Guid.CreateVersion7(), at, "exp-maria", "expert", null, "decision.made", "{}", last.Hash, "");
        await ExecuteAsync("INSERT INTO audit_entries (\"Sequence\", \"Id\", \"At\", \"Actor\", \"Role\", \"CaseId\", \"Action\", \"Data\", \"PreviousHash\", \"Hash\", \"TxId\", \"Ordinal\") VALUES (11, @id, @at, 'exp-maria', 'expert', NULL, 'decision.made', '{}', @prev, @hash, 1, 1)",
            true, new NpgsqlParameter("id", forged.Id), new NpgsqlParameter("at", at), new NpgsqlParameter("prev", last.Hash), new NpgsqlParameter("hash", AuditChain.Hash(forged)));

        var problems = Problems(await VerifyAsync());
        Assert.That(problems.Select(p => (p.Kind, p.Sequence)), Is.EqualTo(new[] { ("Inserted", 11L) }), string.Join("; ", problems));
        Assert.That(problems[0].Message, Does.Contain("no signed tree head covers it"));

        // Without triggers off, the service's writes cannot even do that: a new entry is always written unsealed.
        await ExecuteAsync("INSERT INTO audit_entries (\"Sequence\", \"Id\", \"At\", \"Actor\", \"Role\", \"CaseId\", \"Action\", \"Data\", \"PreviousHash\", \"Hash\", \"TxId\", \"Ordinal\") VALUES (12, @id, @at, 'x', 'x', NULL, 'x', '{}', @prev, @hash, 1, 1)",
            false, new NpgsqlParameter("id", Guid.CreateVersion7()), new NpgsqlParameter("at", at), new NpgsqlParameter("prev", last.Hash), new NpgsqlParameter("hash", new string('a', 64)));
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Sequence == 12)), Is.EqualTo(0));
        // And the seal, once given, cannot be given again.
        var refused = Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE audit_entries SET \"Sequence\" = 99 WHERE \"Sequence\" = 3"));
        Assert.That(refused!.MessageText, Does.Contain("append-only"));
    }

    [Test]
    public async Task A_deleted_entry_with_the_chain_relinked_over_it_is_found_by_the_signed_tree_head()
    {
        await AppendAsync(10);
        await app.SealAuditAsync();
        var entries = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Sequence).ToListAsync());
        // The attacker removes #6, moves the later entries down and recomputes every hash from there: every link holds.
        await ExecuteAsync("DELETE FROM audit_entries WHERE \"Sequence\" = 6; UPDATE audit_entries SET \"Sequence\" = \"Sequence\" + 1000 WHERE \"Sequence\" > 6; UPDATE audit_entries SET \"Sequence\" = \"Sequence\" - 1001 WHERE \"Sequence\" > 1000", true);
        var previous = entries[4].Hash;
        foreach (var e in entries.Skip(6))
        {
            var hash = AuditChain.Hash(e.Id, e.At, e.Actor, e.Role, e.CaseId, e.Action, e.Data, previous);
            await ExecuteAsync("UPDATE audit_entries SET \"PreviousHash\" = @prev, \"Hash\" = @hash WHERE \"Id\" = @id", true,
                new NpgsqlParameter("prev", previous), new NpgsqlParameter("hash", hash), new NpgsqlParameter("id", e.Id));
            previous = hash;
        }
        var problems = Problems(await VerifyAsync());
        Assert.That(problems.Select(p => p.Kind), Is.EqualTo(new[] { "Deleted" }), string.Join("; ", problems));
        Assert.That(problems[0].Message, Does.Contain("tree head #1").And.Contain("only 9 are stored"));
    }

    [Test]
    public async Task A_truncated_trail_with_cases_present_is_never_reported_intact()
    {
        var driver = new CaseFlowDriver(app);
        await driver.FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake.");
        await driver.FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received", "It never came.");
        await app.SealAuditAsync();
        var anchor = await app.SendAsync(new WriteAuditAnchor());
        Assert.That(anchor.Cases, Is.EqualTo(2));
        var intact = await VerifyAsync();
        Assert.That(intact["intact"]!.GetValue<bool>(), Is.True, intact.ToJsonString());
        Assert.That(intact["anchor"]!["sequence"]!.GetValue<long>(), Is.EqualTo(anchor.Sequence), "the latest anchor is checked by default");

        await ExecuteAsync("TRUNCATE audit_entries", true);
        var truncated = await VerifyAsync();
        Assert.That(truncated["intact"]!.GetValue<bool>(), Is.False);
        var problems = Problems(truncated);
        Assert.That(problems.Select(p => p.Message), Has.Some.Contain("2 of 2 case(s) have no audit entry"));
        Assert.That(problems.Select(p => p.Message), Has.Some.Contain("only 0 are stored"));
        Assert.That(problems.Select(p => p.Message), Has.Some.Contain($"anchored entry #{anchor.Sequence} is gone"));

        // The tree heads go too: the anchor outside the database and the cases still tell.
        await ExecuteAsync("TRUNCATE audit_tree_heads", true);
        problems = Problems(await VerifyAsync());
        Assert.That(problems.Select(p => p.Kind), Has.All.EqualTo("Truncated"), string.Join("; ", problems));
        Assert.That(problems.Select(p => p.Message), Has.Some.Contain("case(s) have no audit entry").And.Some.Contain($"tree head #{anchor.HeadNumber} named by the latest anchor is gone"));

        await using var cli = DisputesApp.Build(["audit", "verify", "--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(database.Settings));
        Assert.That(await AuditEndpoints.RunCommandAsync(cli, ["audit", "verify"]), Is.EqualTo(1));
    }

    [Test]
    public async Task A_forged_tree_head_is_found_by_its_signature()
    {
        await AppendAsync(3);
        await app.SealAuditAsync();
        await AppendAsync(2);
        // Forged with another key: hashes and links right, signature not from the audit key.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forger = new EcdsaAuditSigner(other);
        var first = await app.WithDbAsync(db => db.AuditTreeHeads.SingleAsync());
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Sequence == null).OrderBy(a => a.TxId).ThenBy(a => a.Ordinal).ToListAsync());
        var previous = first.LastEntryHash;
        var hashes = new List<string>();
        var sequence = first.LastSequence;
        foreach (var e in entries)
        {
            var hash = AuditChain.Hash(e.Id, e.At, e.Actor, e.Role, e.CaseId, e.Action, e.Data, previous);
            await ExecuteAsync("UPDATE audit_entries SET \"Sequence\" = @seq, \"PreviousHash\" = @prev, \"Hash\" = @hash WHERE \"Id\" = @id", true,
                new NpgsqlParameter("seq", ++sequence), new NpgsqlParameter("prev", previous), new NpgsqlParameter("hash", hash), new NpgsqlParameter("id", e.Id));
            hashes.Add(hash);
            previous = hash;
        }
        var head = AuditTreeHead.Sign(forger, 2, first.LastSequence + 1, hashes, first.HeadHash, DateTimeOffset.UtcNow);
        await ExecuteAsync("INSERT INTO audit_tree_heads (\"Number\", \"FirstSequence\", \"LastSequence\", \"Size\", \"RootHash\", \"LastEntryHash\", \"PreviousHeadHash\", \"SealedAt\", \"KeyId\", \"Signature\", \"HeadHash\") VALUES (2, @f, @l, @s, @r, @le, @p, now(), @k, @sig, @h)",
            true, new NpgsqlParameter("f", head.FirstSequence), new NpgsqlParameter("l", head.LastSequence), new NpgsqlParameter("s", head.Size), new NpgsqlParameter("r", head.RootHash),
            new NpgsqlParameter("le", head.LastEntryHash), new NpgsqlParameter("p", head.PreviousHeadHash), new NpgsqlParameter("k", head.KeyId), new NpgsqlParameter("sig", head.Signature), new NpgsqlParameter("h", head.HeadHash));

        var problems = Problems(await VerifyAsync("?latestAnchor=false"));
        Assert.That(problems.Select(p => p.Message), Has.Some.Contain("tree head #2").And.Some.Contain("valid signature"), string.Join("; ", problems));
    }

    [Test]
    public async Task A_party_gets_the_cases_entries_with_inclusion_proofs_that_check_offline()
    {
        var driver = new CaseFlowDriver(app);
        var id = await driver.FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake.");
        await AppendAsync(13); // other entries in the same batches, so that the paths are not trivial
        await CaseFlowDriver.OkAsync(await driver.PostAsync("buyer-chloe", $"/api/complaints/{id}/messages", new { text = "Photos attached." }));

        var before = await app.ClientAs("buyer-chloe").GetFromJsonAsync<JsonObject>($"/api/complaints/{id}/audit-proof");
        Assert.That(before!["pending"]!.AsArray(), Is.Not.Empty, "not sealed yet: listed as pending");
        await app.SealAuditAsync();

        var proof = await app.ClientAs("buyer-chloe").GetFromJsonAsync<JsonObject>($"/api/complaints/{id}/audit-proof");
        using var key = ECDsa.Create();
        key.ImportFromPem(proof!["publicKeyPem"]!.GetValue<string>());
        var heads = proof["treeHeads"]!.AsArray().ToDictionary(h => h!["number"]!.GetValue<long>(), h => h!.AsObject());
        var entries = proof["entries"]!.AsArray();
        Assert.That(entries.Select(e => e!["entry"]!["action"]!.GetValue<string>()), Is.SupersetOf(new[] { "case.filed", "message.posted" }));
        Assert.That(proof["pending"]!.AsArray(), Is.Empty);
        foreach (var e in entries)
        {
            var entry = e!["entry"]!;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e["canonical"]!.GetValue<string>())));
            Assert.That(hash, Is.EqualTo(entry["hash"]!.GetValue<string>()), "the entry's hash is its canonical form's");
            var head = heads[e["treeHead"]!.GetValue<long>()];
            var path = e["auditPath"]!.AsArray().Select(p => Convert.FromHexString(p!.GetValue<string>())).ToList();
            Assert.That(MerkleTree.VerifyInclusion(Convert.FromHexString(hash), e["leafIndex"]!.GetValue<long>(), e["treeSize"]!.GetValue<int>(), path,
                Convert.FromHexString(head["rootHash"]!.GetValue<string>())), Is.True, "the audit path leads to the signed root");
            var canonical = AuditTreeHead.Canonical(head["number"]!.GetValue<long>(), head["firstSequence"]!.GetValue<long>(), head["lastSequence"]!.GetValue<long>(),
                head["size"]!.GetValue<int>(), head["rootHash"]!.GetValue<string>(), head["lastEntryHash"]!.GetValue<string>(), head["previousHeadHash"]!.GetValue<string>(),
                head["sealedAt"]!.GetValue<DateTimeOffset>(), head["keyId"]!.GetValue<string>());
            Assert.That(key.VerifyData(Encoding.UTF8.GetBytes(canonical), Convert.FromBase64String(head["signature"]!.GetValue<string>()), HashAlgorithmName.SHA256), Is.True);
            // A record changed by one character is not in the log.
            var changed = hash[..^1] + (hash[^1] == '0' ? '1' : '0');
            Assert.That(MerkleTree.VerifyInclusion(Convert.FromHexString(changed), e["leafIndex"]!.GetValue<long>(), e["treeSize"]!.GetValue<int>(), path,
                Convert.FromHexString(head["rootHash"]!.GetValue<string>())), Is.False);
        }

        Assert.That((await app.ClientAs("buyer-emma").GetAsync($"/api/complaints/{id}/audit-proof")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not her case");
        Assert.That((await app.ClientAs("comp-lena").GetAsync($"/api/complaints/{id}/audit-proof")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
