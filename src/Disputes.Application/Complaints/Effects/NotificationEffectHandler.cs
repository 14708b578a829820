using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Effects;
using Disputes.Domain.Outcomes;
using Disputes.Application.Reference;
using Disputes.Application.Security;
using Disputes.Domain.Complaints;
using Disputes.Domain.Redress;
using Disputes.Workflows.Activities.Builtin;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints.Effects;

/// <summary>
/// Runs <c>notify</c> messages from the outbox: each recipient gets the text in their language, with the outcome,
/// reasons and the redress options that apply to them. Staff and non-case notifications get a short English text.
/// The idempotency key (message key + recipient) lets the sender deliver each once.
/// </summary>
public sealed class NotificationEffectHandler(
    IComplaintRepository complaints, IMarketplace marketplace, ITaskBoard board, IUserDirectory users, ComplaintNotifications texts,
    ReferenceData reference, INotificationSender sender, TimeProvider clock, IOptions<ComplaintOptions> options,
    IPartyStatements statements) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [EffectKinds.Notify];

    public async Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(effect.Payload)!.AsObject();
        var template = payload["template"]?.GetValue<string>() ?? "unknown";
        var recipients = (payload["to"] as JsonArray ?? []).Select(n => n?.ToString()).OfType<string>().Where(s => s.Length > 0).Distinct().ToList();
        var data = payload["data"] as JsonObject ?? [];
        var caseId = data["complaintId"]?.ToString() ?? data["correlationId"]?.ToString();
        var complaint = Guid.TryParse(caseId, out var id) ? await complaints.FindAsync(id, cancellationToken) : null;

        if (complaint is not null && StaffTemplates.Contains(template))
        {
            await NotifyTaskHoldersAsync(effect, template, complaint, recipients, data, cancellationToken);
            return;
        }
        if (complaint is not null && template == CancelCaseHandler.NoticeTemplate)
        {
            await NotifyCancellationAsync(effect, complaint, recipients, data, cancellationToken);
            return;
        }

        if (complaint is null || !reference.Texts.Has(template + ".subject") && template != "filed")
        {
            var plain = Expand(recipients).Select(to => new OutgoingNotification(to, users.Find(to)?.Email ?? "", "en", $"Disputes: {template}",
                $"Notification '{template}'. Details: {data.ToJsonString()}", template, complaint?.Id, $"{effect.IdempotencyKey}:{to}")).ToList();
            await sender.SendAllAsync(plain, cancellationToken);
            return;
        }

        var tasks = await board.OpenTasksAsync(complaint.Id, cancellationToken);
        var seller = await marketplace.FindAccountAsync(complaint.SellerId, cancellationToken);
        var mails = new List<OutgoingNotification>();
        foreach (var to in recipients)
        {
            var account = await marketplace.FindAccountAsync(to, cancellationToken);
            var language = account?.Language ?? users.Find(to)?.Language ?? complaint.Language;
            var redress = account is not null && seller is not null
                ? reference.Signposting.For(complaint, account, seller, complaint.CurrentDecision, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
                : [new RedressOption("courts")];
            var statement = template is "decision" or "appeal-decision" ? await statements.CurrentTextAsync(complaint, to, language, cancellationToken) : "";
            var (subject, body) = texts.Render(template, complaint, to, language, tasks, redress, [], statement);
            mails.Add(new OutgoingNotification(to, account?.Email ?? users.Find(to)?.Email ?? "", language, subject, body, template, complaint.Id, $"{effect.IdempotencyKey}:{to}"));
        }
        await sender.SendAllAsync(mails, cancellationToken);
    }

    private static readonly string[] StaffTemplates = [HumanTaskActivity.WarningTemplate, HumanTaskActivity.BreachTemplate];

    /// <summary>
    /// A deadline warning or breach notice goes to whoever holds the task when it is delivered (claims and
    /// reassignment included), or to everyone in its role when nobody does; each in their own language, with a link
    /// to the case. Party steps get none: their own notifications say what happens next.
    /// </summary>
    private async Task NotifyTaskHoldersAsync(EffectRequest effect, string template, Complaint complaint, IReadOnlyList<string> recipients, JsonObject data, CancellationToken cancellationToken)
    {
        var people = new List<string>();
        string? step = data["activity"]?.ToString();
        DateTimeOffset? due = null;
        foreach (var to in recipients)
        {
            if (to.StartsWith(HumanTaskActivity.TaskRecipient, StringComparison.Ordinal) && Guid.TryParse(to[HumanTaskActivity.TaskRecipient.Length..], out var taskId))
            {
                if (await board.FindTaskAsync(taskId, cancellationToken) is not { } task || !ComplaintProcess.IsStaffStep(task.ActivityId)) continue;
                step = task.ActivityId;
                due = task.DueAt;
                people.AddRange(task.Assignee is { } holder ? [holder] : users.InRole(task.Role).Select(u => u.Id));
            }
            else people.AddRange(Expand([to]));
        }
        var mails = new List<OutgoingNotification>();
        foreach (var to in people.Distinct())
        {
            var user = users.Find(to);
            var language = user?.Language ?? "en";
            var values = new Dictionary<string, string>
            {
                ["caseNumber"] = complaint.Number,
                ["step"] = ComplaintProcess.Find(step ?? "") is { } contract ? StepName(contract, language) : step ?? "",
                ["dueAt"] = due?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                ["link"] = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/review/cases/{complaint.Id}",
            };
            mails.Add(new OutgoingNotification(to, user?.Email ?? "", language, reference.Texts.Render(language, template + ".subject", values),
                reference.Texts.Render(language, template + ".body", values), template, complaint.Id, $"{effect.IdempotencyKey}:{to}"));
        }
        await sender.SendAllAsync(mails, cancellationToken);
    }

    /// <summary>Both parties learn that an operator closed their case, and why, in their language.</summary>
    private async Task NotifyCancellationAsync(EffectRequest effect, Complaint complaint, IReadOnlyList<string> recipients, JsonObject data, CancellationToken cancellationToken)
    {
        var mails = new List<OutgoingNotification>();
        foreach (var to in recipients)
        {
            var account = await marketplace.FindAccountAsync(to, cancellationToken);
            var language = account?.Language ?? users.Find(to)?.Language ?? complaint.Language;
            var values = new Dictionary<string, string> { ["caseNumber"] = complaint.Number, ["reason"] = data["reason"]?.ToString() ?? "" };
            mails.Add(new OutgoingNotification(to, account?.Email ?? users.Find(to)?.Email ?? "", language,
                reference.Texts.Render(language, CancelCaseHandler.NoticeTemplate + ".subject", values), reference.Texts.Render(language, CancelCaseHandler.NoticeTemplate + ".body", values),
                CancelCaseHandler.NoticeTemplate, complaint.Id, $"{effect.IdempotencyKey}:{to}"));
        }
        await sender.SendAllAsync(mails, cancellationToken);
    }

    private string StepName(StepContract step, string language) =>
        reference.Texts.Has("step." + step.Id) ? reference.Texts.Get(language, "step." + step.Id) : step.Id;

    private IEnumerable<string> Expand(IEnumerable<string> recipients) =>
        recipients.SelectMany(r => r.StartsWith(HumanTaskActivity.RoleRecipient, StringComparison.Ordinal) ? users.InRole(r[HumanTaskActivity.RoleRecipient.Length..]).Select(u => u.Id) : [r]);
}
