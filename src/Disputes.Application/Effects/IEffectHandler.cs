namespace Disputes.Application.Effects;

/// <summary>
/// Carries out one kind of side effect through a port to a system we do not own (payments, orders, catalogue,
/// accounts, referrals, notifications). Delivery is at least once, so a handler must pass the idempotency key to
/// that system, which applies the effect once per key.
/// </summary>
public interface IEffectHandler
{
    IReadOnlyCollection<string> Kinds { get; }

    Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken);
}

public sealed record EffectRequest(Guid InstanceId, string ActivityId, string Kind, string Payload, string IdempotencyKey, int Attempt);
