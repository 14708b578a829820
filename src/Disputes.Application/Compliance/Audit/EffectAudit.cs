using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Audit entries for effects run from the outbox (refunds, removals, suspensions, referrals, notifications,
/// signposting, closing): written in the transaction that marks the message done, or failed for good.
/// </summary>
public static class EffectAudit
{
    private static readonly HashSet<string> FreeTextKeys = new(StringComparer.Ordinal) { "summary", "text", "body", "note", "question", "reason" };

    public static AuditEvent Done(PendingEffect message, int attempt) =>
        new(ActionOf(message.Kind), CaseOf(message.Payload), Data(message, attempt), Actor: Security.SystemUser.SystemId, Role: "system");

    public static AuditEvent Failed(PendingEffect message, int attempt, string error)
    {
        var data = Data(message, attempt);
        data["error"] = error.Length > 500 ? error[..500] : error;
        return new AuditEvent("effect.failed", CaseOf(message.Payload), data, Actor: Security.SystemUser.SystemId, Role: "system");
    }

    public static string ActionOf(string kind) => kind switch
    {
        EffectKinds.Notify => "notification.sent",
        EffectKinds.Signpost => "signpost.sent",
        EffectKinds.CloseCase => "effect.case-closed",
        _ => "effect.carried-out",
    };

    public static Guid? CaseOf(string payload)
    {
        try
        {
            var node = JsonNode.Parse(payload) as JsonObject;
            var id = node?["complaintId"]?.ToString() ?? (node?["data"] as JsonObject)?["complaintId"]?.ToString();
            return Guid.TryParse(id, out var g) ? g : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject Data(PendingEffect message, int attempt)
    {
        JsonNode? payload;
        try { payload = JsonNode.Parse(message.Payload); }
        catch (System.Text.Json.JsonException) { payload = null; }
        return new JsonObject
        {
            ["kind"] = message.Kind,
            ["idempotencyKey"] = message.IdempotencyKey,
            ["instanceId"] = message.InstanceId.ToString(),
            ["activity"] = message.ActivityId,
            ["attempt"] = attempt,
            ["payload"] = Scrub(payload),
        };
    }

    /// <summary>The payload with free text replaced by its fingerprint.</summary>
    private static JsonNode? Scrub(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key,
            FreeTextKeys.Contains(kv.Key) && kv.Value is JsonValue v ? CaseChanges.TextProof(v.ToString()) : Scrub(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Scrub).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
