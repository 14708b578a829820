using Disputes.Workflows.Runtime;

namespace Disputes.Application.Ports;

public sealed record InstanceQuery(InstanceStatus? Status, string? DefinitionId, int? DefinitionVersion, string? ActivityId, string? CorrelationId, int Page, int PageSize);

public sealed record InstanceSummary(
    Guid Id, string DefinitionId, int DefinitionVersion, InstanceStatus Status, string? CorrelationId,
    IReadOnlyList<string> CurrentActivities, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, long Version);

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    /// <summary>Where the next page starts, for lists paged by key (pass it back as <c>after</c>); null on the last page.</summary>
    public string? Next { get; init; }
}

public sealed record OutboxView(Guid Id, string ActivityId, string Kind, string IdempotencyKey, string Status, int Attempts, DateTimeOffset? ProcessedAt, string? LastError);

public sealed record InstanceJournal(int DefinitionVersion, IReadOnlyList<JournalEntry> Journal);

public sealed record InstanceDetails(
    InstanceSummary Instance,
    System.Text.Json.Nodes.JsonObject Data,
    IReadOnlyList<Bookmark> Bookmarks,
    IReadOnlyList<WorkflowTimer> Timers,
    IReadOnlyList<Incident> Incidents,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<OutboxView> Outbox);

/// <summary>Read-side queries for operators. Every filter is served by an index.</summary>
public interface IWorkflowReadModel
{
    Task<Page<InstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);
    Task<InstanceDetails?> GetInstanceAsync(Guid id, CancellationToken cancellationToken);
    /// <summary>An instance's definition version and journal only (what a case's timeline shows); null when unknown.</summary>
    Task<InstanceJournal?> GetJournalAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Unresolved incidents of every instance, oldest first, with the instance they belong to.</summary>
    Task<Page<OpenIncident>> OpenIncidentsAsync(int page, int pageSize, CancellationToken cancellationToken);
}

public sealed record OpenIncident(Incident Incident, InstanceSummary Instance);
