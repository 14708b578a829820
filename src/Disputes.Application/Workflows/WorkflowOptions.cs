namespace Disputes.Application.Workflows;

/// <summary>Settings of the runtime's background work (section <c>Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>Folder of definition files, relative to the app's content root or absolute.</summary>
    public string DefinitionsPath { get; set; } = "workflows";

    /// <summary>Timers fired per batch of a drain.</summary>
    public int TimerBatchSize { get; set; } = 500;

    /// <summary>Timers fired in parallel within a batch (each is its own transaction).</summary>
    public int TimerParallelism { get; set; } = 4;

    /// <summary>Outbox messages per dispatch batch.</summary>
    public int OutboxBatchSize { get; set; } = 200;

    /// <summary>Workflow instances whose messages run at the same time within a batch (one instance's messages run in order).</summary>
    public int OutboxParallelism { get; set; } = 8;

    /// <summary>Attempts before a failing effect becomes an incident.</summary>
    public int EffectMaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry of a failed effect; doubled on each further attempt.</summary>
    public TimeSpan EffectRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
