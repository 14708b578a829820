using System.Security.Cryptography;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// A Merkle tree in the style of RFC 6962 (Certificate Transparency, section 2.1): leaf hash SHA-256(0x00 || leaf),
/// node hash SHA-256(0x01 || left || right), the left subtree the largest power of two smaller than the size. The
/// leaves of a sealed batch are the entries' own hashes (32 bytes each), in sequence order.
/// </summary>
public static class MerkleTree
{
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        Span<byte> buffer = stackalloc byte[1 + leaf.Length];
        buffer[0] = 0;
        leaf.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The tree head (root) of the leaves; SHA-256 of nothing for none.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves) =>
        leaves.Count == 0 ? SHA256.HashData([]) : Subtree(leaves.Select(l => LeafHash(l)).ToArray(), 0, leaves.Count);

    /// <summary>The audit path of leaf <paramref name="index"/> (RFC 6962 2.1.1), from the leaf up.</summary>
    public static IReadOnlyList<byte[]> InclusionPath(IReadOnlyList<byte[]> leaves, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var hashes = leaves.Select(l => LeafHash(l)).ToArray();
        var path = new List<byte[]>();
        Path(hashes, 0, hashes.Length, index, path);
        return path;
    }

    /// <summary>Checks an audit path (the algorithm of RFC 9162 2.1.3.2): does the leaf at index sit in the tree of that size and root?</summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leaf, long index, long size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        var r = LeafHash(leaf);
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    private static int Split(int n)
    {
        var k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }

    private static byte[] Subtree(byte[][] hashes, int start, int count)
    {
        if (count == 1) return hashes[start];
        var k = Split(count);
        return NodeHash(Subtree(hashes, start, k), Subtree(hashes, start + k, count - k));
    }

    private static void Path(byte[][] hashes, int start, int count, int index, List<byte[]> path)
    {
        if (count == 1) return;
        var k = Split(count);
        if (index < k)
        {
            Path(hashes, start, k, index, path);
            path.Add(Subtree(hashes, start + k, count - k));
        }
        else
        {
            Path(hashes, start + k, count - k, index - k, path);
            path.Add(Subtree(hashes, start, k));
        }
    }
}
