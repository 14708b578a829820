namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Checks the signed tree heads against the entries streamed in sequence order: each head's hash and signature, its
/// link to the head before it, and the Merkle root and last hash of the entries it covers. An attacker who rewrites
/// entries and recomputes every hash of the chain cannot make a root match a head signed before, nor sign a new head
/// without the key; entries that are gone leave a head short; sealed entries no head covers were inserted.
/// </summary>
public sealed class AuditTreeHeadChecker
{
    private readonly IReadOnlyList<AuditTreeHead> heads;
    private readonly List<AuditProblem> problems = [];
    private readonly List<byte[]> leaves = [];
    private readonly long lastCovered;
    private readonly long? rangeFrom;
    private readonly long? rangeTo;
    private int index;
    private string? lastLeafHash;

    /// <param name="rangeFrom">With a range, only heads wholly within [rangeFrom, rangeTo] are compared with entries.</param>
    public AuditTreeHeadChecker(IReadOnlyList<AuditTreeHead> heads, IAuditSigner signer, long? rangeFrom = null, long? rangeTo = null)
    {
        this.heads = heads;
        this.rangeFrom = rangeFrom;
        this.rangeTo = rangeTo;
        lastCovered = heads.Count == 0 ? 0 : heads[^1].LastSequence;
        for (var i = 0; i < heads.Count; i++)
        {
            var head = heads[i];
            var before = i == 0 ? null : heads[i - 1];
            if (!head.IsAuthentic(signer))
                problems.Add(new AuditProblem(AuditProblemKind.Changed, head.FirstSequence, null,
                    $"Signed tree head #{head.Number} (entries #{head.FirstSequence}..#{head.LastSequence}) does not carry a valid signature of its content: it was forged or changed."));
            var expectedPrevious = before?.HeadHash ?? AuditTreeHead.Genesis;
            var expectedNumber = (before?.Number ?? 0) + 1;
            var expectedFirst = (before?.LastSequence ?? 0) + 1;
            if (head.PreviousHeadHash != expectedPrevious || head.Number != expectedNumber || head.FirstSequence != expectedFirst)
                problems.Add(new AuditProblem(AuditProblemKind.Deleted, expectedFirst, null,
                    $"Signed tree head #{head.Number} does not follow #{before?.Number ?? 0}: a tree head (and the entries #{expectedFirst}..#{head.FirstSequence - 1} it covered) was removed or replaced."));
        }
    }

    public int HeadCount => heads.Count;

    /// <summary>Feed every entry read, in sequence order.</summary>
    public void Observe(AuditRecord entry)
    {
        while (index < heads.Count && heads[index].LastSequence < entry.Sequence) Close();
        if (index < heads.Count && heads[index].FirstSequence <= entry.Sequence)
        {
            leaves.Add(TryHex(entry.Hash));
            lastLeafHash = entry.Hash;
        }
        else if (entry.Sequence > lastCovered)
        {
            problems.Add(new AuditProblem(AuditProblemKind.Inserted, entry.Sequence, entry.Id,
                $"Entry #{entry.Sequence} ({entry.Id}, {entry.Action}) is sealed, but no signed tree head covers it: it was added outside the sealer."));
        }
    }

    /// <summary>Closes the heads no entry followed (entries gone) and returns every finding.</summary>
    public IReadOnlyList<AuditProblem> Finish()
    {
        while (index < heads.Count) Close();
        return problems;
    }

    private void Close()
    {
        var head = heads[index++];
        var within = (rangeFrom is null || head.FirstSequence >= rangeFrom) && (rangeTo is null || head.LastSequence <= rangeTo);
        if (within)
        {
            if (leaves.Count < head.Size)
                problems.Add(new AuditProblem(AuditProblemKind.Deleted, head.FirstSequence, null,
                    $"Signed tree head #{head.Number} covers {head.Size} entries (#{head.FirstSequence}..#{head.LastSequence}), but only {leaves.Count} are stored: entries were deleted or the table truncated."));
            else if (Convert.ToHexStringLower(MerkleTree.Root(leaves)) != head.RootHash || lastLeafHash != head.LastEntryHash)
                problems.Add(new AuditProblem(AuditProblemKind.Changed, head.FirstSequence, null,
                    $"The entries #{head.FirstSequence}..#{head.LastSequence} no longer give the Merkle root signed in tree head #{head.Number}: entries in it were changed, inserted or rewritten."));
        }
        leaves.Clear();
        lastLeafHash = null;
    }

    private static byte[] TryHex(string hash)
    {
        try
        {
            return Convert.FromHexString(hash);
        }
        catch (FormatException)
        {
            return System.Text.Encoding.UTF8.GetBytes(hash);
        }
    }
}
