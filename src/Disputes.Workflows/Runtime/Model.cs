using System.Text.Json.Nodes;

namespace Disputes.Workflows.Runtime;

public enum InstanceStatus { Running, Suspended, Finished, Faulted, Cancelled }

public enum TokenStatus { Waiting, Faulted }

public enum TimerPurpose { Activity, Retry }

/// <summary>A workflow instance as stored: header fields plus its execution state.</summary>
public sealed class WorkflowInstance
{
    public required Guid Id { get; init; }
    public required string DefinitionId { get; init; }
    /// <summary>Set at the start; changed only by a migration to another version (<see cref="InstanceMigrationPlanner"/>).</summary>
    public required int DefinitionVersion { get; set; }
    public InstanceStatus Status { get; set; } = InstanceStatus.Running;
    public string? CorrelationId { get; init; }
    public InstanceState State { get; set; } = new();
    /// <summary>Optimistic concurrency: incremented by every committed transition.</summary>
    public long Version { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Last journal sequence number used.</summary>
    public int JournalSequence { get; set; }
}

/// <summary>What an instance carries between transitions: its data, where its tokens wait, fork scopes and join arrivals.</summary>
public sealed class InstanceState
{
    public JsonObject Data { get; set; } = [];
    public List<Token> Tokens { get; set; } = [];
    public List<Scope> Scopes { get; set; } = [];
    public List<JoinArrival> Joins { get; set; } = [];
}

/// <summary>A point of execution. Persisted tokens wait on bookmarks or timers, or are faulted.</summary>
public sealed class Token
{
    public Guid Id { get; set; }
    public string ActivityId { get; set; } = "";
    public Guid? ScopeId { get; set; }
    public TokenStatus Status { get; set; }
    public int Attempt { get; set; }
    public List<Guid> BookmarkIds { get; set; } = [];
    public List<Guid> TimerIds { get; set; } = [];
}

/// <summary>The tokens started by one execution of a fork share a scope; a join closes it.</summary>
public sealed class Scope
{
    public Guid Id { get; set; }
    public Guid? ParentId { get; set; }
    public string ForkActivityId { get; set; } = "";
}

public sealed class JoinArrival
{
    public string JoinActivityId { get; set; } = "";
    public Guid? ScopeId { get; set; }
    public List<string> From { get; set; } = [];
}

/// <summary>Where a suspended instance waits for a named stimulus.</summary>
public sealed record Bookmark(
    Guid Id,
    Guid InstanceId,
    Guid TokenId,
    string ActivityId,
    string Name,
    string? CorrelationId,
    string? Role,
    string? Assignee,
    DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConsumedAt = null,
    string? ConsumedBy = null);

/// <summary>A timer is a row, written in the same transaction as the token that waits for it.</summary>
public sealed record WorkflowTimer(
    Guid Id,
    Guid InstanceId,
    Guid TokenId,
    string ActivityId,
    TimerPurpose Purpose,
    DateTimeOffset DueAt,
    DateTimeOffset CreatedAt);

/// <summary>One line of an instance's history: what happened, when, by whom or what. Payloads are not copied.</summary>
public sealed record JournalEntry(
    Guid Id,
    Guid InstanceId,
    int Sequence,
    DateTimeOffset At,
    string Event,
    string? ActivityId,
    string Actor,
    string? Detail);

/// <summary>A side effect recorded in the transition's transaction and executed later, at least once, under its idempotency key.</summary>
/// <param name="Position">
/// Orders the messages of one instance as its transitions recorded them (a hold before its release, a refund before
/// the decision's mail): the transition's place in the instance's history (the version it starts from) times
/// <see cref="PositionsPerTransition"/>, plus the message's place in that transition.
/// </param>
public sealed record OutboxMessage(
    Guid Id,
    Guid InstanceId,
    string ActivityId,
    string Kind,
    string Payload,
    string IdempotencyKey,
    DateTimeOffset CreatedAt,
    long Position)
{
    public const long PositionsPerTransition = 1 << 20;
}

public static class IncidentKinds
{
    public const string Activity = "activity";
    public const string Effect = "effect";
}

/// <summary>An error an operator must look at: an activity that threw, or an effect that failed after its retries.</summary>
public sealed record Incident(
    Guid Id,
    Guid InstanceId,
    string Kind,
    string? ActivityId,
    Guid? TokenId,
    Guid? OutboxMessageId,
    string Message,
    string? Details,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null);

/// <summary>The stored first result of a request made with an idempotency key.</summary>
public sealed record IdempotencyRecord(string Key, string RequestHash, Guid InstanceId, string Response, DateTimeOffset CreatedAt);
