using Disputes.Application.Compliance.Audit;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>The hash chain's rules without a database.</summary>
[TestFixture]
public class AuditChainRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Chain(int count)
    {
        var list = new List<AuditRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var e = new AuditRecord(i, Guid.NewGuid(), T0.AddMinutes(i), "rev-sam", "reviewer", null, "test", $"{{\"n\":{i}}}", previous, "");
            e = e with { Hash = AuditChain.Hash(e) };
            list.Add(e);
            previous = e.Hash;
        }
        return list;
    }

    private static async Task<AuditVerification> VerifyAsync(List<AuditRecord> entries) =>
        await AuditChainVerifier.VerifyAsync(entries.ToAsyncEnumerable(), null, (h, _) => Task.FromResult(entries.FirstOrDefault(e => e.Hash == h)), null, null, CancellationToken.None);

    [Test]
    public async Task An_untouched_chain_is_intact()
    {
        var result = await VerifyAsync(Chain(5));
        Assert.That(result.Intact, Is.True);
        Assert.That(result.Checked, Is.EqualTo(5));
    }

    [Test]
    public void The_canonical_form_is_the_text_of_a_key_sorted_copy_whatever_the_values()
    {
        // Entries written before kept the text of a sorted copy of the data (its ToJsonString()); the form written
        // straight from the nodes must give the same text, or the same action would hash differently.
        static System.Text.Json.Nodes.JsonNode? SortedCopy(System.Text.Json.Nodes.JsonNode? node) => node switch
        {
            System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, SortedCopy(kv.Value)))),
            System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray(a.Select(SortedCopy).ToArray()),
            null => null,
            _ => node.DeepClone(),
        };
        var built = new System.Text.Json.Nodes.JsonObject
        {
            ["zeta"] = "Größe <b>&'\"\u0001 中文 😀",
            ["amount"] = 20.50m,
            ["ratio"] = 0.1,
            ["count"] = -3,
            ["ok"] = true,
            ["none"] = null,
            ["list"] = new System.Text.Json.Nodes.JsonArray(null, "b", new System.Text.Json.Nodes.JsonObject { ["y"] = 1, ["x"] = new System.Text.Json.Nodes.JsonArray() }),
            ["Upper"] = new System.Text.Json.Nodes.JsonObject(),
            ["at"] = new DateTimeOffset(2026, 12, 8, 1, 2, 3, TimeSpan.Zero),
        };
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(built.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(AuditChain.CanonicalData(built), Is.EqualTo(SortedCopy(built)!.ToJsonString()));
            Assert.That(AuditChain.CanonicalData(parsed), Is.EqualTo(SortedCopy(parsed)!.ToJsonString()));
            Assert.That(AuditChain.CanonicalData(null), Is.EqualTo("{}"));
            Assert.That(AuditChain.CanonicalData(System.Text.Json.Nodes.JsonValue.Create("x")), Is.EqualTo("\"x\""));
        });
    }

    [Test]
    public void The_hash_is_sha256_of_the_canonical_text()
    {
        // The canonical text and the hash are written from the fields into a reused buffer. Both must stay what every
        // stored entry was hashed with: the fields as a string array through JsonSerializer.
        string Text(Guid id, DateTimeOffset at, string actor, string role, Guid? caseId, string action, string data, string previous) =>
            System.Text.Json.JsonSerializer.Serialize(new[]
            {
                AuditChain.Format, id.ToString("D"), AuditChain.Normalize(at).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                actor, role, caseId?.ToString("D"), action, data, previous,
            });
        string Expected(Guid id, DateTimeOffset at, string actor, string role, Guid? caseId, string action, string data, string previous) =>
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Text(id, at, actor, role, caseId, action, data, previous))));
        var at = new DateTimeOffset(2026, 12, 8, 1, 2, 3, 456, TimeSpan.FromHours(1)).AddTicks(789);
        var big = AuditChain.CanonicalData(new System.Text.Json.Nodes.JsonObject { ["text"] = new string('é', 300_000) });
        Assert.Multiple(() =>
        {
            foreach (var (caseId, data) in new (Guid?, string)[] { (Guid.NewGuid(), "{\"a\":\"Größe <b>&'\\u0001 中文 😀\"}"), (null, "{}"), (Guid.NewGuid(), big), (null, "{\"b\":1}") })
            {
                var id = Guid.NewGuid();
                Assert.That(AuditChain.Canonical(id, at, "rev-sam", "reviewer", caseId, "case.decided", data, AuditChain.Genesis),
                    Is.EqualTo(Text(id, at, "rev-sam", "reviewer", caseId, "case.decided", data, AuditChain.Genesis)));
                Assert.That(AuditChain.Hash(id, at, "rev-sam", "reviewer", caseId, "case.decided", data, AuditChain.Genesis),
                    Is.EqualTo(Expected(id, at, "rev-sam", "reviewer", caseId, "case.decided", data, AuditChain.Genesis)));
            }
        });
    }

    [Test]
    public void The_canonical_form_is_stable_and_sorts_data_keys()
    {
        Assert.That(AuditChain.CanonicalData(System.Text.Json.Nodes.JsonNode.Parse("{\"b\":1,\"a\":{\"d\":2,\"c\":[3]}}")), Is.EqualTo("{\"a\":{\"c\":[3],\"d\":2},\"b\":1}"));
        var e = Chain(1)[0];
        Assert.That(AuditChain.Hash(e), Is.EqualTo(e.Hash));
        Assert.That(AuditChain.Hash(e with { At = e.At.AddTicks(3) }), Is.EqualTo(e.Hash), "kept to the millisecond, what both stores keep");
        Assert.That(AuditChain.Hash(e with { Role = "lead" }), Is.Not.EqualTo(e.Hash));
    }

    [Test]
    public async Task A_changed_entry_is_named()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Actor = "someone-else" };
        var result = await VerifyAsync(chain);
        Assert.That(result.Problems.Select(p => (p.Kind, p.Sequence, p.EntryId)), Is.EqualTo(new[] { (AuditProblemKind.Changed, 3L, (Guid?)chain[2].Id) }));
    }

    [Test]
    public async Task A_deleted_entry_is_named_by_the_gap()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var result = await VerifyAsync(chain);
        Assert.That(result.Problems.Select(p => (p.Kind, p.Sequence)), Is.EqualTo(new[] { (AuditProblemKind.Deleted, 2L) }));
    }

    [Test]
    public async Task An_entry_appended_with_a_link_further_back_is_named_as_inserted()
    {
        var chain = Chain(5);
        var forged = new AuditRecord(6, Guid.NewGuid(), T0.AddMinutes(2).AddSeconds(5), "x", "expert", null, "decision.made", "{}", chain[1].Hash, "");
        chain.Add(forged with { Hash = AuditChain.Hash(forged) });
        var result = await VerifyAsync(chain);
        Assert.That(result.Problems.Select(p => (p.Kind, p.EntryId)), Is.EqualTo(new[] { (AuditProblemKind.Inserted, (Guid?)forged.Id) }));
    }
}
