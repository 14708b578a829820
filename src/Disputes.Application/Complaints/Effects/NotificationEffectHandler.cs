using System.Text.Json.Nodes;
using Disputes.Application.Effects;
using Disputes.Domain.Outcomes;
using Disputes.Application.Reference;
using Disputes.Application.Security;
using Disputes.Domain.Redress;

namespace Disputes.Application.Complaints.Effects;

/// <summary>
/// Runs <c>notify</c> messages from the outbox: each recipient gets the text in their language, with the outcome,
/// reasons and the redress options that apply to them. Staff and non-case notifications get a short English text.
/// The idempotency key (message key + recipient) lets the sender deliver each once.
/// </summary>
public sealed class NotificationEffectHandler(
    IComplaintRepository complaints, IMarketplace marketplace, ITaskBoard board, IUserDirectory users, ComplaintNotifications texts,
    ReferenceData reference, INotificationSender sender, TimeProvider clock) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [EffectKinds.Notify];

    public async Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(effect.Payload)!.AsObject();
        var template = payload["template"]?.GetValue<string>() ?? "unknown";
        var recipients = (payload["to"] as JsonArray ?? []).Select(n => n?.ToString()).OfType<string>().Where(s => s.Length > 0).Distinct().ToList();
        var data = payload["data"] as JsonObject ?? [];
        var complaint = Guid.TryParse(data["complaintId"]?.ToString(), out var id) ? await complaints.FindAsync(id, cancellationToken) : null;

        if (complaint is null || !reference.Texts.Has(template + ".subject") && template != "filed")
        {
            foreach (var to in Expand(recipients))
            {
                var user = users.Find(to);
                await sender.SendAsync(new OutgoingNotification(to, user?.Email ?? "", "en", $"Disputes: {template}",
                    $"Notification '{template}'. Details: {data.ToJsonString()}", template, complaint?.Id, $"{effect.IdempotencyKey}:{to}"), cancellationToken);
            }
            return;
        }

        var tasks = await board.OpenTasksAsync(complaint.Id, cancellationToken);
        var seller = await marketplace.FindAccountAsync(complaint.SellerId, cancellationToken);
        foreach (var to in recipients)
        {
            var account = await marketplace.FindAccountAsync(to, cancellationToken);
            var language = account?.Language ?? users.Find(to)?.Language ?? complaint.Language;
            var redress = account is not null && seller is not null
                ? reference.Signposting.For(complaint, account, seller, complaint.CurrentDecision, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
                : [new RedressOption("courts")];
            var (subject, body) = texts.Render(template, complaint, to, language, tasks, redress, []);
            await sender.SendAsync(new OutgoingNotification(to, account?.Email ?? users.Find(to)?.Email ?? "", language, subject, body, template, complaint.Id, $"{effect.IdempotencyKey}:{to}"), cancellationToken);
        }
    }

    private IEnumerable<string> Expand(IEnumerable<string> recipients) =>
        recipients.SelectMany(r => r.StartsWith("role:", StringComparison.Ordinal) ? users.InRole(r[5..]).Select(u => u.Id) : [r]);
}
