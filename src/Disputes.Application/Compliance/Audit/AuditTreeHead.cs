using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// The signed tree head of one sealed batch: which entries it covers (<see cref="FirstSequence"/>..<see cref="LastSequence"/>),
/// the Merkle root of their hashes, the chain hash of its last entry, and the hash of the previous tree head, so the
/// heads form a chain of their own. <see cref="Signature"/> is over <see cref="Canonical"/> with the audit signing key.
/// </summary>
public sealed record AuditTreeHead(
    long Number, long FirstSequence, long LastSequence, int Size, string RootHash, string LastEntryHash, string PreviousHeadHash,
    DateTimeOffset SealedAt, string KeyId, string Signature, string HeadHash)
{
    public const string Format = "disputes-audit-head/1";

    /// <summary>The "previous head hash" of the first tree head.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Canonical(long number, long first, long last, int size, string root, string lastEntryHash, string previousHeadHash, DateTimeOffset sealedAt, string keyId) =>
        JsonSerializer.Serialize(new object[]
        {
            Format, number, first, last, size, root, lastEntryHash, previousHeadHash,
            AuditChain.Normalize(sealedAt).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), keyId,
        });

    public string Canonical() => Canonical(Number, FirstSequence, LastSequence, Size, RootHash, LastEntryHash, PreviousHeadHash, SealedAt, KeyId);

    public static string HashOf(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Builds and signs the head of a batch whose entry hashes (hex, in sequence order) are given.</summary>
    public static AuditTreeHead Sign(IAuditSigner signer, long number, long first, IReadOnlyList<string> entryHashes, string previousHeadHash, DateTimeOffset sealedAt)
    {
        var root = Convert.ToHexStringLower(MerkleTree.Root(entryHashes.Select(Convert.FromHexString).ToList()));
        var canonical = Canonical(number, first, first + entryHashes.Count - 1, entryHashes.Count, root, entryHashes[^1], previousHeadHash, sealedAt, signer.KeyId);
        return new AuditTreeHead(number, first, first + entryHashes.Count - 1, entryHashes.Count, root, entryHashes[^1], previousHeadHash,
            AuditChain.Normalize(sealedAt), signer.KeyId, Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes(canonical))), HashOf(canonical));
    }

    /// <summary>True when the head's hash and signature are those of its content under the key it names.</summary>
    public bool IsAuthentic(IAuditSigner signer)
    {
        var canonical = Canonical();
        if (HashOf(canonical) != HeadHash) return false;
        try
        {
            return signer.Verify(Encoding.UTF8.GetBytes(canonical), Convert.FromBase64String(Signature), KeyId);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Signs tree heads and anchors, and checks signatures made with its key.</summary>
public interface IAuditSigner
{
    /// <summary>Names the key: the first 16 hex digits of SHA-256 over its public key (SubjectPublicKeyInfo).</summary>
    string KeyId { get; }

    /// <summary>The public key (PEM), published with proofs so that anyone can check a signature.</summary>
    string PublicKeyPem { get; }

    byte[] Sign(byte[] data);

    bool Verify(byte[] data, byte[] signature, string keyId);
}
