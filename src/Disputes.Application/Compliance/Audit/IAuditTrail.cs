using System.Text.Json.Nodes;

using Disputes.Application.Ports;

namespace Disputes.Application.Compliance.Audit;



/// <summary>
/// One stored entry, as read back for verification and display. An entry not sealed yet has sequence 0, empty hashes
/// and <see cref="Sealed"/> false.
/// </summary>
public sealed record AuditRecord(
    long Sequence, Guid Id, DateTimeOffset At, string Actor, string Role, Guid? CaseId, string Action, string Data, string PreviousHash, string Hash, bool Sealed = true);

/// <summary>What the case and decision tables say against the trail: rows the trail has no entry for.</summary>
/// <param name="CasesWithoutEntries">Cases with no audit entry at all (every filing writes one).</param>
/// <param name="DecisionsWithoutEntries">Cases whose decisions outnumber their decision entries.</param>
public sealed record AuditCrossCheck(long Cases, long Decisions, long CasesWithoutEntries, IReadOnlyList<Guid> CasesWithoutEntriesSample, long DecisionsWithoutEntries);

public sealed record AuditQuery(Guid? CaseId, string? Action, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize);

/// <summary>Reads the stored chain.</summary>
public interface IAuditLog
{
    /// <summary>The sequence numbers of the first and last entries written in [from, to] (null: open end); null when none.</summary>
    Task<(long First, long Last)?> SequenceRangeAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    /// <summary>Entries with first &lt;= sequence &lt;= last, in sequence order, streamed.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(long first, long last, CancellationToken cancellationToken);

    /// <summary>The stored entry just before <paramref name="sequence"/> (the highest lower sequence), if any.</summary>
    Task<AuditRecord?> BeforeAsync(long sequence, CancellationToken cancellationToken);

    Task<AuditRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken);

    Task<AuditRecord?> AtAsync(long sequence, CancellationToken cancellationToken);

    Task<AuditRecord?> HeadAsync(CancellationToken cancellationToken);

    Task<Ports.Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Every signed tree head, in order.</summary>
    Task<IReadOnlyList<AuditTreeHead>> TreeHeadsAsync(CancellationToken cancellationToken);

    Task<AuditTreeHead?> LatestTreeHeadAsync(CancellationToken cancellationToken);

    /// <summary>The heads that cover the given sequences.</summary>
    Task<IReadOnlyList<AuditTreeHead>> TreeHeadsCoveringAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);

    /// <summary>The hashes of the entries a head covers, in sequence order (as many as are stored).</summary>
    Task<IReadOnlyList<AuditRecord>> EntriesOfAsync(AuditTreeHead head, CancellationToken cancellationToken);

    /// <summary>A case's entries, oldest first, sealed ones before those waiting to be sealed.</summary>
    Task<IReadOnlyList<AuditRecord>> CaseEntriesAsync(Guid caseId, CancellationToken cancellationToken);

    Task<long> UnsealedCountAsync(CancellationToken cancellationToken);

    Task<(long Cases, long Decisions)> CountCasesAndDecisionsAsync(CancellationToken cancellationToken);

    Task<AuditCrossCheck> CrossCheckAsync(CancellationToken cancellationToken);
}
