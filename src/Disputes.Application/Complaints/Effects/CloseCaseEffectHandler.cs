using System.Text.Json.Nodes;
using Disputes.Application.Effects;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Complaints.Effects;

/// <summary>Runs <c>close-case</c>: the process ended, the case becomes read-only (closing twice changes nothing).</summary>
public sealed class CloseCaseEffectHandler(IComplaintRepository complaints, TimeProvider clock) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [EffectKinds.CloseCase];

    public async Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(JsonNode.Parse(effect.Payload)!["complaintId"]!.ToString());
        var complaint = await complaints.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Case {id} does not exist.");
        complaint.Close(clock.GetUtcNow());
        await complaints.SaveChangesAsync(cancellationToken);
    }
}
