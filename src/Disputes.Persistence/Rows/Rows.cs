namespace Disputes.Persistence.Rows;

// Table rows. Kept apart from the runtime's records so that the runtime stays free of EF types.

public sealed class InstanceRow
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public string Status { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string State { get; set; } = "{}";
    public long Version { get; set; }
    public int JournalSequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed class BookmarkRow
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid TokenId { get; set; }
    public string ActivityId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string? Role { get; set; }
    public string? Assignee { get; set; }
    /// <summary>Since when <see cref="Assignee"/> holds the task (an assignment, a claim or a reassignment).</summary>
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Concurrency token: consuming updates WHERE consumed_at IS NULL, so a bookmark is consumed once.</summary>
    public DateTimeOffset? ConsumedAt { get; set; }
    public string? ConsumedBy { get; set; }
}

public sealed class TimerRow
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid TokenId { get; set; }
    public string ActivityId { get; set; } = "";
    public string Purpose { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class JournalRow
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public string Event { get; set; } = "";
    public string? ActivityId { get; set; }
    public string Actor { get; set; } = "";
    public string? Detail { get; set; }
}

public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Failed = "failed";
}

public sealed class OutboxRow
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Payload { get; set; } = "{}";
    public string IdempotencyKey { get; set; } = "";
    public string Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The message's place among its instance's messages (<c>OutboxMessage.Position</c>).</summary>
    public long Position { get; set; }
}

public sealed class IncidentRow
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string Kind { get; set; } = "";
    public string? ActivityId { get; set; }
    public Guid? TokenId { get; set; }
    public Guid? OutboxMessageId { get; set; }
    public string Message { get; set; } = "";
    public string? Details { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Concurrency token: an incident is resolved once.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

public sealed class IdempotencyRow
{
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string Response { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The local marketplace's record of applied effects: one row per idempotency key, however often delivered.</summary>
public sealed class LocalEffectRow
{
    public string IdempotencyKey { get; set; } = "";
    public string Kind { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string Payload { get; set; } = "{}";
    public DateTimeOffset AppliedAt { get; set; }
    public int Deliveries { get; set; }
}

public sealed class EvidenceContentRow
{
    public Guid Id { get; set; }
    public Guid ComplaintId { get; set; }
    public byte[] Content { get; set; } = [];
}

public sealed class ConflictRow
{
    public long Id { get; set; }
    public string ReviewerId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset DeclaredAt { get; set; }
}

public sealed class MailboxRow
{
    public Guid Id { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public string RecipientId { get; set; } = "";
    public string Email { get; set; } = "";
    public string Language { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Template { get; set; } = "";
    public Guid? ComplaintId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>
/// One decision of one case, kept beside the case row for searching and counting (compliance search, statistics,
/// transparency figures). Written with the case in the same SaveChanges; never read back into the aggregate.
/// Lists are stored between commas (",full-refund,item-removal,") so a filter is a LIKE on ",kind,".
/// </summary>
public sealed class DecisionRow
{
    public Guid ComplaintId { get; set; }
    public int Number { get; set; }
    public string CaseNumber { get; set; } = "";
    public string Category { get; set; } = "";
    public string Language { get; set; } = "";
    public string ComplainantSide { get; set; } = "";
    public string BuyerId { get; set; } = "";
    public string SellerId { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal AmountPaid { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public string Stage { get; set; } = "";
    public string Status { get; set; } = "";
    public string OutcomeKinds { get; set; } = ",";
    public string Clauses { get; set; } = ",";
    public string DecidedBy { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public bool NeedsSecondApproval { get; set; }
    public DateTimeOffset? AppealableUntil { get; set; }
}
