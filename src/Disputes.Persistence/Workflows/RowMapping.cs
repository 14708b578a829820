using System.Text.Json;
using Disputes.Persistence.Rows;
using Disputes.Workflows.Runtime;

namespace Disputes.Persistence.Workflows;

internal static class RowMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static InstanceRow ToRow(this WorkflowInstance i) => new()
    {
        Id = i.Id, DefinitionId = i.DefinitionId, DefinitionVersion = i.DefinitionVersion, Status = i.Status.ToString(),
        CorrelationId = i.CorrelationId, State = JsonSerializer.Serialize(i.State, Json), Version = i.Version,
        JournalSequence = i.JournalSequence, CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt, FinishedAt = i.FinishedAt,
    };

    public static WorkflowInstance ToModel(this InstanceRow r) => new()
    {
        Id = r.Id, DefinitionId = r.DefinitionId, DefinitionVersion = r.DefinitionVersion, Status = Enum.Parse<InstanceStatus>(r.Status),
        CorrelationId = r.CorrelationId, State = JsonSerializer.Deserialize<InstanceState>(r.State, Json) ?? new InstanceState(),
        Version = r.Version, JournalSequence = r.JournalSequence, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt, FinishedAt = r.FinishedAt,
    };

    public static BookmarkRow ToRow(this Bookmark b) => new()
    {
        Id = b.Id, InstanceId = b.InstanceId, TokenId = b.TokenId, ActivityId = b.ActivityId, Name = b.Name, CorrelationId = b.CorrelationId,
        Role = b.Role, Assignee = b.Assignee, AssignedAt = b.Assignee is null ? null : b.CreatedAt, DueAt = b.DueAt, CreatedAt = b.CreatedAt, ConsumedAt = b.ConsumedAt, ConsumedBy = b.ConsumedBy,
    };

    public static Bookmark ToModel(this BookmarkRow b) =>
        new(b.Id, b.InstanceId, b.TokenId, b.ActivityId, b.Name, b.CorrelationId, b.Role, b.Assignee, b.DueAt, b.CreatedAt, b.ConsumedAt, b.ConsumedBy);

    public static TimerRow ToRow(this WorkflowTimer t) => new()
    {
        Id = t.Id, InstanceId = t.InstanceId, TokenId = t.TokenId, ActivityId = t.ActivityId, Purpose = t.Purpose.ToString(), DueAt = t.DueAt, CreatedAt = t.CreatedAt,
    };

    public static WorkflowTimer ToModel(this TimerRow t) =>
        new(t.Id, t.InstanceId, t.TokenId, t.ActivityId, Enum.Parse<TimerPurpose>(t.Purpose), t.DueAt, t.CreatedAt);

    public static JournalRow ToRow(this JournalEntry j) => new()
    {
        Id = j.Id, InstanceId = j.InstanceId, Sequence = j.Sequence, At = j.At, Event = j.Event, ActivityId = j.ActivityId, Actor = j.Actor, Detail = j.Detail,
    };

    public static JournalEntry ToModel(this JournalRow j) => new(j.Id, j.InstanceId, j.Sequence, j.At, j.Event, j.ActivityId, j.Actor, j.Detail);

    public static OutboxRow ToRow(this OutboxMessage m) => new()
    {
        Id = m.Id, InstanceId = m.InstanceId, ActivityId = m.ActivityId, Kind = m.Kind, Payload = m.Payload, IdempotencyKey = m.IdempotencyKey,
        Status = OutboxStatus.Pending, NextAttemptAt = m.CreatedAt, CreatedAt = m.CreatedAt, Position = m.Position,
    };

    public static IncidentRow ToRow(this Incident i) => new()
    {
        Id = i.Id, InstanceId = i.InstanceId, Kind = i.Kind, ActivityId = i.ActivityId, TokenId = i.TokenId, OutboxMessageId = i.OutboxMessageId,
        Message = i.Message.Length > 2000 ? i.Message[..2000] : i.Message, Details = i.Details, CreatedAt = i.CreatedAt, ResolvedAt = i.ResolvedAt, ResolvedBy = i.ResolvedBy,
    };

    public static Incident ToModel(this IncidentRow i) =>
        new(i.Id, i.InstanceId, i.Kind, i.ActivityId, i.TokenId, i.OutboxMessageId, i.Message, i.Details, i.CreatedAt, i.ResolvedAt, i.ResolvedBy);
}
