namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Where the sealer finds entries to seal. <see cref="OpenAsync"/> starts one batch in its own transaction, holding the
/// sealer's lock (one node at a time): the entries committed before every transaction still running, not yet sealed, in
/// the order they are chained. Disposing a batch without <see cref="IAuditSealingBatch.CommitAsync"/> seals nothing.
/// </summary>
public interface IAuditSealing
{
    /// <summary>Null when another sealer holds the lock (<paramref name="wait"/> false).</summary>
    Task<IAuditSealingBatch?> OpenAsync(int maxEntries, bool wait, CancellationToken cancellationToken);
}

public interface IAuditSealingBatch : IAsyncDisposable
{
    /// <summary>Entries to seal, in chain order (their sequence, previous hash and hash are not set yet).</summary>
    IReadOnlyList<AuditRecord> Entries { get; }

    /// <summary>The last sealed entry's sequence (0 when none) and hash (the genesis hash when none).</summary>
    long LastSequence { get; }

    string LastHash { get; }

    AuditTreeHead? LastHead { get; }

    /// <summary>The hashes of sealed entries first..last, in order (to give entries sealed before tree heads existed their head).</summary>
    Task<IReadOnlyList<string>> SealedHashesAsync(long first, long last, CancellationToken cancellationToken);

    /// <summary>Writes the seals and the tree heads and commits: all of the batch or nothing.</summary>
    Task CommitAsync(IReadOnlyList<SealedEntry> entries, IReadOnlyList<AuditTreeHead> heads, CancellationToken cancellationToken);
}

public sealed record SealedEntry(Guid Id, long Sequence, string PreviousHash, string Hash);
