using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Audit;
using Disputes.Application.Ports;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>What an effect's audit entry keeps of its message: the case, and the payload with free text fingerprinted.</summary>
[TestFixture]
public sealed class EffectAuditRulesTests
{
    private static PendingEffect Message(string payload) => new(Guid.NewGuid(), Guid.NewGuid(), "notify-decision", "notify", payload, "key-1", 0);

    [Test]
    public void Free_text_at_any_depth_is_fingerprinted_and_the_rest_is_kept()
    {
        var caseId = Guid.NewGuid();
        var payload = new JsonObject
        {
            ["template"] = "decision",
            ["to"] = new JsonArray("buyer-chloe", "seller-vintagehuis"),
            ["data"] = new JsonObject
            {
                ["complaintId"] = caseId.ToString(), ["reason"] = "The buyer's address is Main St 1", ["amount"] = 20.5,
                ["lines"] = new JsonArray(new JsonObject { ["text"] = "Call me on 0612345678", ["n"] = 1 }, null),
            },
        };
        var entry = EffectAudit.Done(Message(payload.ToJsonString()), 2);
        var kept = entry.Data["payload"]!;
        var text = AuditChain.CanonicalData(entry.Data);

        Assert.Multiple(() =>
        {
            Assert.That(entry.CaseId, Is.EqualTo(caseId));
            Assert.That(entry.Action, Is.EqualTo("notification.sent"));
            Assert.That(entry.Data["attempt"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(text, Does.Not.Contain("Main St").And.Not.Contain("0612345678"));
            Assert.That(kept["data"]!["reason"]!.ToJsonString(), Is.EqualTo(CaseChanges.TextProof("The buyer's address is Main St 1").ToJsonString()));
            Assert.That(kept["data"]!["lines"]![0]!["text"]!.ToJsonString(), Is.EqualTo(CaseChanges.TextProof("Call me on 0612345678").ToJsonString()));
            Assert.That(kept["data"]!["lines"]![0]!["n"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(kept["data"]!["amount"]!.GetValue<double>(), Is.EqualTo(20.5));
            Assert.That(kept["template"]!.GetValue<string>(), Is.EqualTo("decision"));
            Assert.That(kept["to"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "buyer-chloe", "seller-vintagehuis" }));
        });
    }

    [Test]
    public void A_payload_that_is_not_an_object_is_kept_and_one_that_is_not_json_is_left_out()
    {
        var array = EffectAudit.Failed(Message("[1,\"two\"]"), 3, new string('x', 600));
        var broken = EffectAudit.Done(Message("{not json"), 1);

        Assert.Multiple(() =>
        {
            Assert.That(array.Data["payload"]!.ToJsonString(), Is.EqualTo("[1,\"two\"]"));
            Assert.That(array.CaseId, Is.Null);
            Assert.That(array.Data["error"]!.GetValue<string>(), Has.Length.EqualTo(500));
            Assert.That(broken.Data["payload"], Is.Null);
            Assert.That(broken.CaseId, Is.Null);
        });
    }
}
