using Disputes.Application.Compliance.Statements;
namespace Disputes.Persistence.Compliance;

/// <summary>
/// One audit entry. Append-only: on PostgreSQL and SQLite a trigger refuses UPDATE and DELETE, except the one update
/// that seals it: <see cref="Sequence"/>, <see cref="PreviousHash"/> and <see cref="Hash"/> are set once, by the sealer
/// (<see cref="EfAuditSealing"/>), after the entry has committed with its action. Until then they are null and empty.
/// </summary>
public sealed class AuditRow
{
    public long? Sequence { get; set; }
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Role { get; set; } = "";
    public Guid? CaseId { get; set; }
    public string Action { get; set; } = "";
    public string Data { get; set; } = "{}";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
    /// <summary>Order of appending within the writing transaction (a counter of the writing process).</summary>
    public long Ordinal { get; set; }
    /// <summary>
    /// The writing transaction: PostgreSQL sets it to the transaction id (a trigger, so a writer cannot choose it);
    /// SQLite (one writer at a time) to one more than the highest so far. The sealer chains entries in this order.
    /// </summary>
    public long TxId { get; set; }
}

/// <summary>The signed tree head of one sealed batch of audit entries (see <c>AuditTreeHead</c>). Append-only.</summary>
public sealed class AuditTreeHeadRow
{
    public long Number { get; set; }
    public long FirstSequence { get; set; }
    public long LastSequence { get; set; }
    public int Size { get; set; }
    public string RootHash { get; set; } = "";
    public string LastEntryHash { get; set; } = "";
    public string PreviousHeadHash { get; set; } = "";
    public DateTimeOffset SealedAt { get; set; }
    public string KeyId { get; set; } = "";
    public string Signature { get; set; } = "";
    public string HeadHash { get; set; } = "";
}


/// <summary>A statement of reasons (DSA Art. 17) for one restriction of one decision, and its submission state.</summary>
public sealed class StatementRow
{
    public Guid Id { get; set; }
    public string Puid { get; set; } = "";
    public Guid ComplaintId { get; set; }
    public int DecisionNumber { get; set; }
    public string Restriction { get; set; } = "";
    public string AffectedAccountId { get; set; } = "";
    public string Language { get; set; } = "en";
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>What the affected party is told (JSON): rendered in their language on request.</summary>
    public string Content { get; set; } = "{}";
    /// <summary>The statement in the Transparency Database format (JSON), as submitted.</summary>
    public string Payload { get; set; } = "{}";
    public string Status { get; set; } = StatementStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One submission attempt of one statement: kept, accepted or refused, with the answer.</summary>
public sealed class StatementSubmissionRow
{
    public long Id { get; set; }
    public Guid StatementId { get; set; }
    public string Puid { get; set; } = "";
    public Guid BatchId { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int HttpStatus { get; set; }
    public bool Accepted { get; set; }
    public string? Response { get; set; }
    /// <summary>Null while the attempt has no answer: recorded before sending, answered after.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>The outcome an external dispute body reported back for a signposted case (DSA Art. 21, 24(1)(a)).</summary>
public sealed class ExternalOutcomeRow
{
    public Guid Id { get; set; }
    public Guid ComplaintId { get; set; }
    public string BodyId { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string Outcome { get; set; } = "";
    public bool Implemented { get; set; }
    public string ReportedBy { get; set; } = "";
    public DateTimeOffset ReportedAt { get; set; }
}

/// <summary>A statement the embedded default's local Transparency Database sink accepted.</summary>
public sealed class LocalDsaStatementRow
{
    public string Puid { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public string Payload { get; set; } = "{}";
}
