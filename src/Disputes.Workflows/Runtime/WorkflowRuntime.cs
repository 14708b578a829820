using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Runtime;

public sealed record StartRequest(string DefinitionId, int? Version, string? CorrelationId, JsonObject? Input, string Actor, string? IdempotencyKey = null);

/// <summary>Resume by bookmark id, or by stimulus name on an instance or on a correlation id.</summary>
public sealed record ResumeRequest(Guid? InstanceId, string? CorrelationId, string Stimulus, Guid? BookmarkId, JsonObject? Input, string Actor, string? IdempotencyKey = null);

/// <summary>A side effect recorded with a cancellation, in its transaction (for example a notice to the people involved).</summary>
public sealed record CancellationEffect(string Kind, JsonObject Payload)
{
    /// <summary>The activity id outbox messages of a cancellation carry.</summary>
    public const string ActivityId = "$cancel";
}

public sealed record OpenBookmarkView(Guid Id, string Name, string ActivityId, string? Role, string? Assignee, DateTimeOffset? DueAt);

/// <summary>What a committed transition left: returned to callers and stored for idempotent replays.</summary>
public sealed record TransitionResult(
    Guid InstanceId,
    string DefinitionId,
    int DefinitionVersion,
    InstanceStatus Status,
    long Version,
    IReadOnlyList<string> CurrentActivities,
    IReadOnlyList<OpenBookmarkView> NewBookmarks,
    bool Replayed = false);

/// <summary>
/// The runtime service: loads what a transition needs, runs the interpreter, and commits the changes in one
/// transaction through <see cref="IWorkflowStore"/>. A request returns only after its transaction committed.
/// </summary>
public sealed class WorkflowRuntime(IWorkflowStore store, WorkflowDefinitionCatalog catalog, WorkflowInterpreter interpreter, TimeProvider clock)
{
    private const int MaxConflictRetries = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public WorkflowDefinitionCatalog Catalog { get; } = catalog;

    public async Task<TransitionResult> StartAsync(StartRequest request, CancellationToken cancellationToken = default)
    {
        var definition = request.Version is { } v ? Catalog.Get(request.DefinitionId, v) : Catalog.Latest(request.DefinitionId);
        // The request hash only guards an idempotency key against reuse with another request: no key, no hash.
        var hash = request.IdempotencyKey is null ? null
            : Hash("start", request.DefinitionId, request.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture), request.CorrelationId, request.Input?.ToJsonString());
        if (await ReplayAsync(request.IdempotencyKey, hash, cancellationToken) is { } replay) return replay;

        var changes = interpreter.Start(definition, Guid.CreateVersion7(), request.CorrelationId, request.Input, request.Actor, clock.GetUtcNow());
        return await CommitAsync(changes, request.IdempotencyKey, hash, cancellationToken);
    }

    public async Task<TransitionResult> ResumeAsync(ResumeRequest request, CancellationToken cancellationToken = default)
    {
        var hash = request.IdempotencyKey is null ? null
            : Hash("resume", request.InstanceId?.ToString(), request.CorrelationId, request.Stimulus, request.BookmarkId?.ToString(), request.Input?.ToJsonString());
        if (await ReplayAsync(request.IdempotencyKey, hash, cancellationToken) is { } replay) return replay;

        for (var attempt = 0; ; attempt++)
        {
            var bookmark = await FindBookmarkAsync(request, cancellationToken);
            var instance = await store.FindInstanceAsync(bookmark.InstanceId, cancellationToken)
                ?? throw new InstanceNotFoundException(bookmark.InstanceId);
            var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
            var changes = interpreter.Resume(definition, instance, bookmark, request.Input, request.Actor, clock.GetUtcNow());
            try
            {
                return await CommitAsync(changes, request.IdempotencyKey, hash, cancellationToken);
            }
            catch (WorkflowConflictException ex) when (ex.Retryable && attempt < MaxConflictRetries)
            {
                // Another transition of the same instance committed first. If our bookmark is still open the
                // stimulus is still valid: run it again on the fresh state. If it was consumed, the next lookup says so.
            }
        }
    }

    /// <summary>Fires one due timer as one transition. Returns null when the timer is gone (fired or cancelled by another transition).</summary>
    public async Task<TransitionResult?> FireTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
    {
        var timer = await store.FindTimerAsync(timerId, cancellationToken);
        if (timer is null) return null;
        var instance = await store.FindInstanceAsync(timer.InstanceId, cancellationToken);
        if (instance is null) return null;
        var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var changes = interpreter.FireTimer(definition, instance, timer, clock.GetUtcNow());
        return await CommitAsync(changes, null, null, cancellationToken);
    }

    public async Task<TransitionResult> RetryIncidentAsync(Guid incidentId, string actor, CancellationToken cancellationToken = default)
    {
        var incident = await store.FindIncidentAsync(incidentId, cancellationToken)
            ?? throw new InvalidInstanceStateException($"Incident {incidentId} does not exist.");
        if (incident.ResolvedAt is not null)
            throw new InvalidInstanceStateException($"Incident {incidentId} was resolved at {incident.ResolvedAt:O} by {incident.ResolvedBy}.");
        var instance = await store.FindInstanceAsync(incident.InstanceId, cancellationToken) ?? throw new InstanceNotFoundException(incident.InstanceId);
        var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var changes = interpreter.RetryIncident(definition, instance, incident, actor, clock.GetUtcNow());
        return await CommitAsync(changes, null, null, cancellationToken);
    }

    public async Task<TransitionResult> CancelAsync(Guid instanceId, string reason, string actor, IReadOnlyList<CancellationEffect>? effects = null, CancellationToken cancellationToken = default)
    {
        var instance = await store.FindInstanceAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var changes = interpreter.Cancel(definition, instance, reason, actor, clock.GetUtcNow(), effects);
        return await CommitAsync(changes, null, null, cancellationToken);
    }

    /// <summary>
    /// What moving the instance to <paramref name="toVersion"/> of its definition would do, or why it cannot; changes
    /// nothing. The mapping must already have been checked against both versions (<see cref="ActivityMapping.Check"/>).
    /// </summary>
    public async Task<InstanceMigrationPlan> PlanMigrationAsync(Guid instanceId, int toVersion, ActivityMapping mapping, CancellationToken cancellationToken = default) =>
        (await LoadForMigrationAsync(instanceId, toVersion, mapping, cancellationToken)).Plan;

    /// <summary>
    /// Moves the instance to <paramref name="toVersion"/> in one transaction when its plan has no problem; otherwise
    /// leaves it untouched and returns the plan with its problems. A transition that commits first makes this one fail
    /// with <see cref="WorkflowConflictException"/> (nothing is written); it is planned again on the fresh state.
    /// </summary>
    public async Task<InstanceMigrationResult> MigrateAsync(Guid instanceId, int toVersion, ActivityMapping mapping, string actor, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (instance, plan) = await LoadForMigrationAsync(instanceId, toVersion, mapping, cancellationToken);
            if (!plan.CanMove) return new InstanceMigrationResult(plan, false, null);
            var changes = InstanceMigrationPlanner.Apply(instance, plan, mapping, actor, clock.GetUtcNow());
            try
            {
                await store.CommitAsync(changes, cancellationToken);
                return new InstanceMigrationResult(plan, true, changes.Instance.Version);
            }
            catch (WorkflowConflictException ex) when (ex.Retryable && attempt < MaxConflictRetries)
            {
                // A bookmark was consumed or a timer fired meanwhile: plan again on the state that committed.
            }
        }
    }

    private async Task<(WorkflowInstance Instance, InstanceMigrationPlan Plan)> LoadForMigrationAsync(Guid instanceId, int toVersion, ActivityMapping mapping, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        var source = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var target = Catalog.Get(instance.DefinitionId, toVersion);
        var bookmarks = new List<Bookmark>();
        var timers = new List<WorkflowTimer>();
        foreach (var token in instance.State.Tokens)
        {
            foreach (var id in token.BookmarkIds)
                if (await store.FindBookmarkAsync(id, cancellationToken) is { ConsumedAt: null } bookmark) bookmarks.Add(bookmark);
            foreach (var id in token.TimerIds)
                if (await store.FindTimerAsync(id, cancellationToken) is { } timer) timers.Add(timer);
        }
        return (instance, InstanceMigrationPlanner.Plan(instance, bookmarks, timers, source, target, mapping));
    }

    private async Task<Bookmark> FindBookmarkAsync(ResumeRequest request, CancellationToken cancellationToken)
    {
        if (request.BookmarkId is { } id)
        {
            var bookmark = await store.FindBookmarkAsync(id, cancellationToken);
            if (bookmark is null || (request.InstanceId is { } iid && bookmark.InstanceId != iid))
                throw new BookmarkNotFoundException($"Bookmark {id} does not exist.");
            if (bookmark.ConsumedAt is { } at)
                throw new BookmarkConsumedException($"Bookmark '{bookmark.Name}' ({id}) was already consumed at {at:O} by {bookmark.ConsumedBy}.", bookmark);
            return bookmark;
        }
        if (request.InstanceId is null && request.CorrelationId is null)
            throw new InvalidStimulusException("A stimulus needs an instance id, a correlation id or a bookmark id.");

        var open = await store.FindOpenBookmarksAsync(request.InstanceId, request.CorrelationId, request.Stimulus, cancellationToken);
        var target = request.InstanceId is { } instanceId ? $"instance {instanceId}" : $"correlation id '{request.CorrelationId}'";
        switch (open.Count)
        {
            case 1:
                return open[0];
            case > 1:
                throw new WorkflowConflictException(
                    $"{open.Count} open bookmarks named '{request.Stimulus}' on {target}; name one by its id: {string.Join(", ", open.Select(b => b.Id))}.");
        }
        var consumed = await store.FindConsumedBookmarkAsync(request.InstanceId, request.CorrelationId, request.Stimulus, cancellationToken);
        if (consumed is not null)
            throw new BookmarkConsumedException(
                $"Bookmark '{request.Stimulus}' on {target} was already consumed at {consumed.ConsumedAt:O} by {consumed.ConsumedBy}.", consumed);
        if (request.InstanceId is { } existing && await store.FindInstanceAsync(existing, cancellationToken) is null)
            throw new InstanceNotFoundException(existing);
        throw new BookmarkNotFoundException($"No bookmark named '{request.Stimulus}' waits on {target}.");
    }

    private async Task<TransitionResult?> ReplayAsync(string? key, string? hash, CancellationToken cancellationToken)
    {
        if (key is null || hash is null) return null;
        var record = await store.FindIdempotencyRecordAsync(key, cancellationToken);
        if (record is null) return null;
        if (record.RequestHash != hash) throw new IdempotencyKeyReusedException(key);
        return JsonSerializer.Deserialize<TransitionResult>(record.Response, Json)! with { Replayed = true };
    }

    private async Task<TransitionResult> CommitAsync(TransitionChanges changes, string? key, string? hash, CancellationToken cancellationToken)
    {
        var result = ToResult(changes);
        if (key is not null)
            changes.Idempotency = new IdempotencyRecord(key, hash!, changes.Instance.Id, JsonSerializer.Serialize(result, Json), clock.GetUtcNow());
        try
        {
            await store.CommitAsync(changes, cancellationToken);
            return result;
        }
        catch (DuplicateIdempotencyKeyException) when (key is not null)
        {
            // A concurrent request with the same key committed first: return its result.
            return await ReplayAsync(key, hash!, cancellationToken)
                ?? throw new WorkflowConflictException($"Idempotency key '{key}' is being used by a concurrent request.");
        }
    }

    private static TransitionResult ToResult(TransitionChanges changes)
    {
        var instance = changes.Instance;
        var added = changes.AddedBookmarks.ToDictionary(b => b.Id);
        var bookmarks = instance.State.Tokens
            .SelectMany(t => t.BookmarkIds)
            .Select(id => added.TryGetValue(id, out var b) ? new OpenBookmarkView(b.Id, b.Name, b.ActivityId, b.Role, b.Assignee, b.DueAt) : null)
            .OfType<OpenBookmarkView>()
            .ToList();
        return new TransitionResult(instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.Status, instance.Version,
            instance.State.Tokens.Select(t => t.ActivityId).Distinct().ToList(), bookmarks);
    }

    private static string Hash(params string?[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => p ?? "\u2400")))));
}
