using System.Text.Json.Nodes;
using Disputes.Application.Effects;
using Disputes.Domain.Outcomes;
using Disputes.Application.Reference;
using Disputes.Domain.Redress;

namespace Disputes.Application.Complaints.Effects;

/// <summary>
/// Runs <c>signpost</c> messages: after a final decision, or when a case is still open after 8 weeks, each party
/// is told which external bodies can take the dispute, chosen by <see cref="Signposting"/> (regulation.md).
/// </summary>
public sealed class SignpostEffectHandler(
    IComplaintRepository complaints, IMarketplace marketplace, ITaskBoard board, ComplaintNotifications texts, ReferenceData reference,
    INotificationSender sender, TimeProvider clock) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [EffectKinds.Signpost];

    public async Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(effect.Payload)!.AsObject();
        var id = Guid.Parse(payload["complaintId"]!.ToString());
        var reason = payload["reason"]?.ToString() == ComplaintProcess.SignpostReasons.Open ? ComplaintProcess.SignpostReasons.Open : ComplaintProcess.SignpostReasons.Decided;
        var complaint = await complaints.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Case {id} does not exist.");
        var seller = await marketplace.FindAccountAsync(complaint.SellerId, cancellationToken) ?? throw new InvalidOperationException($"Seller {complaint.SellerId} is unknown to the marketplace.");
        var tasks = await board.OpenTasksAsync(id, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var mails = new List<OutgoingNotification>(2);
        foreach (var partyId in new[] { complaint.BuyerId, complaint.SellerId })
        {
            var party = partyId == seller.Id ? seller : await marketplace.FindAccountAsync(partyId, cancellationToken);
            if (party is null) continue;
            var options = reference.Signposting.For(complaint, party, seller, reason == "open" ? null : complaint.CurrentDecision, today);
            var bodies = options.Where(o => o.Body is not null || o.Kind == "courts").ToList();
            var (subject, body) = texts.Render("signpost." + reason, complaint, partyId, party.Language, tasks, options, bodies);
            mails.Add(new OutgoingNotification(partyId, party.Email, party.Language, subject, body, "signpost." + reason, complaint.Id, $"{effect.IdempotencyKey}:{partyId}"));
        }
        await sender.SendAllAsync(mails, cancellationToken);
    }
}
