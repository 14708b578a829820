using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Disputes.Application.Ports;

/// <summary>
/// One action to record: what was done (<see cref="Action"/>, e.g. <c>decision.made</c>), on which case, with its data.
/// The actor and role default to the current user; the time is the service clock's.
/// </summary>
public sealed record AuditEvent(string Action, Guid? CaseId, JsonObject Data, string? Actor = null, string? Role = null);

/// <summary>
/// The append-only, hash-chained audit trail. <see cref="Append"/> adds the entry to the current unit of work: it is
/// written by the same SaveChanges, in the same transaction, as the action it records (or not at all). The chain
/// (sequence, previous hash, hash) is sealed later, off the request path, by the sealer (<see cref="SealAuditTrail"/>).
/// </summary>
public interface IAuditTrail
{
    void Append(AuditEvent entry);

    /// <summary>Writes appended entries when the action itself has nothing else to save.</summary>
    Task SaveAsync(CancellationToken cancellationToken);

    /// <summary>Forgets entries appended but not written (the action they record failed).</summary>
    void DiscardPending();
}

/// <summary>Free text in an audit entry is kept as its fingerprint: its SHA-256 and its length, never the words.</summary>
public static class AuditText
{
    public static JsonObject Proof(string text) => new()
    {
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
        ["length"] = text.Length,
    };
}
