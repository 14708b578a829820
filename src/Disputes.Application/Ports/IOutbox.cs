namespace Disputes.Application.Ports;

public sealed record PendingEffect(Guid Id, Guid InstanceId, string ActivityId, string Kind, string Payload, string IdempotencyKey, int Attempts);

/// <summary>The outbox of committed side effects waiting to run.</summary>
public interface IOutbox
{
    /// <summary>Messages due to run (pending and past their next attempt time), oldest first.</summary>
    Task<IReadOnlyList<PendingEffect>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Marks the messages done (one statement), in the caller's transaction.</summary>
    Task MarkDoneAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; with <paramref name="retryAt"/> null the message has failed for good and an incident is opened, in one transaction.</summary>
    Task MarkFailedAsync(Guid id, int attempts, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a failed message back to pending and resolves its incident, in one transaction.</summary>
    Task RequeueAsync(Guid incidentId, string actor, DateTimeOffset now, CancellationToken cancellationToken);
}
