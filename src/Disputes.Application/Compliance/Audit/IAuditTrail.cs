using System.Text.Json.Nodes;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// One action to record: what was done (<see cref="Action"/>, e.g. <c>decision.made</c>), on which case, with its data.
/// The actor and role default to the current user; the time is the service clock's.
/// </summary>
public sealed record AuditEvent(string Action, Guid? CaseId, JsonObject Data, string? Actor = null, string? Role = null);

/// <summary>
/// The append-only, hash-chained audit trail. <see cref="Append"/> adds the entry to the current unit of work: it is
/// written by the same SaveChanges, in the same transaction, as the action it records (or not at all). The chain
/// (sequence, previous hash, hash) is sealed at that SaveChanges, one writer at a time.
/// </summary>
public interface IAuditTrail
{
    void Append(AuditEvent entry);

    /// <summary>Writes appended entries when the action itself has nothing else to save.</summary>
    Task SaveAsync(CancellationToken cancellationToken);

    /// <summary>Forgets entries appended but not written (the action they record failed).</summary>
    void DiscardPending();
}

/// <summary>One stored entry, as read back for verification and display.</summary>
public sealed record AuditRecord(
    long Sequence, Guid Id, DateTimeOffset At, string Actor, string Role, Guid? CaseId, string Action, string Data, string PreviousHash, string Hash);

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
}
