namespace Disputes.Workflows.Runtime;

/// <summary>Base of the runtime's expected errors; each maps to one HTTP status at the edge.</summary>
public abstract class WorkflowException : Exception
{
    protected WorkflowException(string message) : base(message) { }
    protected WorkflowException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Another transition changed the instance or consumed the bookmark first.</summary>
public sealed class WorkflowConflictException : WorkflowException
{
    public WorkflowConflictException(string message) : base(message) { }
    public WorkflowConflictException(string message, Exception inner) : base(message, inner) { }

    /// <summary>False when the store cannot run the transition again in the same transaction.</summary>
    public bool Retryable { get; init; } = true;
}

public sealed class BookmarkNotFoundException(string message) : WorkflowException(message);

public sealed class BookmarkConsumedException(string message, Bookmark bookmark) : WorkflowException(message)
{
    public Bookmark Bookmark { get; } = bookmark;
}

public sealed class InstanceNotFoundException(Guid id) : WorkflowException($"Workflow instance {id} does not exist.")
{
    public Guid InstanceId { get; } = id;
}

public sealed class DefinitionNotFoundException(string message) : WorkflowException(message);

/// <summary>The request cannot apply in the instance's current state (e.g. resuming a cancelled instance).</summary>
public sealed class InvalidInstanceStateException(string message) : WorkflowException(message);

/// <summary>The stimulus input does not fit what the waiting activity accepts (e.g. an unknown outcome).</summary>
public sealed class InvalidStimulusException(string message) : WorkflowException(message);

/// <summary>An idempotency key was reused for a different request.</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : WorkflowException($"Idempotency key '{key}' was already used for a different request.");
