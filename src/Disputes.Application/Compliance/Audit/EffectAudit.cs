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

    public static AuditEvent Done(PendingEffect message, int attempt)
    {
        var payload = Parse(message.Payload);
        return new(ActionOf(message.Kind), CaseOf(payload), Data(message, attempt, payload), Actor: Security.SystemUser.SystemId, Role: "system");
    }

    public static AuditEvent Failed(PendingEffect message, int attempt, string error)
    {
        var payload = Parse(message.Payload);
        var data = Data(message, attempt, payload);
        data["error"] = error.Length > 500 ? error[..500] : error;
        return new AuditEvent("effect.failed", CaseOf(payload), data, Actor: Security.SystemUser.SystemId, Role: "system");
    }

    public static string ActionOf(string kind) => kind switch
    {
        EffectKinds.Notify => "notification.sent",
        EffectKinds.Signpost => "signpost.sent",
        EffectKinds.CloseCase => "effect.case-closed",
        _ => "effect.carried-out",
    };

    /// <summary>The case a payload names (<c>complaintId</c>, at its top or in its <c>data</c>); read before it is scrubbed.</summary>
    private static Guid? CaseOf(JsonNode? payload)
    {
        var o = payload as JsonObject;
        var id = o?["complaintId"]?.ToString() ?? (o?["data"] as JsonObject)?["complaintId"]?.ToString();
        return Guid.TryParse(id, out var g) ? g : null;
    }

    /// <summary>The payload as JSON, parsed once for its case and its scrubbed copy; null when it is not JSON.</summary>
    private static JsonNode? Parse(string payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject Data(PendingEffect message, int attempt, JsonNode? payload) => new()
    {
        ["kind"] = message.Kind,
        ["idempotencyKey"] = message.IdempotencyKey,
        ["instanceId"] = message.InstanceId.ToString(),
        ["activity"] = message.ActivityId,
        ["attempt"] = attempt,
        ["payload"] = Scrub(payload),
    };

    /// <summary>
    /// The payload with free text replaced by its fingerprint, in place: the nodes were parsed for this entry alone.
    /// </summary>
    private static JsonNode? Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    if (FreeTextKeys.Contains(key) && o[key] is JsonValue text) o[key] = CaseChanges.TextProof(text.ToString());
                    else Scrub(o[key]);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Scrub(item);
                break;
        }
        return node;
    }
}
