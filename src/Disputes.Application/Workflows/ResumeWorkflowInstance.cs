using System.Text.Json.Nodes;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>
/// Delivers a named stimulus to a bookmark: on an instance, on a correlation id, or by bookmark id. Instances of a
/// guarded definition (complaints) are refused: their steps are answered by the case use cases only.
/// </summary>
public sealed record ResumeWorkflowInstance(Guid? InstanceId, string? CorrelationId, string Stimulus, Guid? BookmarkId, JsonObject? Input, string Actor, string? IdempotencyKey)
    : ICommand<TransitionResult>;

public sealed class ResumeWorkflowInstanceHandler(WorkflowRuntime runtime, IWorkflowStore store, GuardedDefinitions guarded) : ICommandHandler<ResumeWorkflowInstance, TransitionResult>
{
    public async ValueTask<TransitionResult> Handle(ResumeWorkflowInstance command, CancellationToken cancellationToken)
    {
        var instanceIds = new List<Guid>();
        if (command.InstanceId is { } id) instanceIds.Add(id);
        if (command.BookmarkId is { } bookmarkId && await store.FindBookmarkAsync(bookmarkId, cancellationToken) is { } bookmark) instanceIds.Add(bookmark.InstanceId);
        if (command.InstanceId is null && command.CorrelationId is { } correlation)
            instanceIds.AddRange((await store.FindOpenBookmarksAsync(null, correlation, command.Stimulus, cancellationToken)).Select(b => b.InstanceId));
        foreach (var instanceId in instanceIds.Distinct())
        {
            if (await store.FindInstanceAsync(instanceId, cancellationToken) is { } instance)
                guarded.Refuse(instance.DefinitionId, $"The stimulus '{command.Stimulus}' to instance {instance.Id}");
        }
        return await runtime.ResumeAsync(new ResumeRequest(command.InstanceId, command.CorrelationId, command.Stimulus, command.BookmarkId, command.Input, command.Actor, command.IdempotencyKey), cancellationToken);
    }
}
