using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// A signed note of the audit trail's state, kept outside the database: the last sealed entry (sequence and hash), the
/// tree head that covers it, and how many cases and decisions existed. A later verification finds a chain rewritten,
/// cut or truncated since, and case or decision rows removed.
/// </summary>
public sealed record AuditAnchor(
    long Sequence, string Hash, long HeadNumber, string HeadHash, string RootHash, long Cases, long Decisions, DateTimeOffset At, string KeyId, string Signature)
{
    public const string Format = "disputes-audit-anchor/1";

    public string Canonical() => JsonSerializer.Serialize(new object[]
    {
        Format, Sequence, Hash, HeadNumber, HeadHash, RootHash, Cases, Decisions,
        AuditChain.Normalize(At).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), KeyId,
    });

    public static AuditAnchor Sign(IAuditSigner signer, AuditTreeHead? head, long cases, long decisions, DateTimeOffset at)
    {
        var unsigned = new AuditAnchor(head?.LastSequence ?? 0, head?.LastEntryHash ?? AuditChain.Genesis, head?.Number ?? 0, head?.HeadHash ?? AuditTreeHead.Genesis,
            head?.RootHash ?? "", cases, decisions, AuditChain.Normalize(at), signer.KeyId, "");
        return unsigned with { Signature = Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes(unsigned.Canonical()))) };
    }

    public bool IsAuthentic(IAuditSigner signer)
    {
        try
        {
            return signer.Verify(Encoding.UTF8.GetBytes(Canonical()), Convert.FromBase64String(Signature), KeyId);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Where anchors are kept, outside the database: a folder (embedded default) or an HTTP endpoint.</summary>
public interface IAuditAnchorSink
{
    /// <summary>Names the sink in messages, e.g. the folder or the endpoint.</summary>
    string Description { get; }

    Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken);

    /// <summary>The most recent anchor written, or null when none was.</summary>
    Task<AuditAnchor?> LatestAsync(CancellationToken cancellationToken);
}
