using Disputes.Workflows.Runtime;

namespace Disputes.Application.Workflows;

/// <summary>
/// Definitions whose instances move only through their own use cases (the complaint process: through the case
/// endpoints, which check who may act and compute what is paid from the recorded decision). The generic operator
/// stimuli, start and cancel refuse them, naming what to use instead.
/// </summary>
public sealed class GuardedDefinitions
{
    private readonly Dictionary<string, string> useInstead = new(StringComparer.Ordinal);

    public void Guard(string definitionId, string useInsteadText) => useInstead[definitionId] = useInsteadText;

    /// <summary>Throws <see cref="GuardedInstanceException"/> when <paramref name="definitionId"/> is guarded.</summary>
    public void Refuse(string definitionId, string what)
    {
        if (useInstead.TryGetValue(definitionId, out var instead))
            throw new GuardedInstanceException($"{what} is refused: instances of '{definitionId}' move only through their own use cases. {instead}");
    }
}

/// <summary>A generic operation was asked of an instance that only its own use cases may move (409).</summary>
public sealed class GuardedInstanceException(string message) : WorkflowException(message);
