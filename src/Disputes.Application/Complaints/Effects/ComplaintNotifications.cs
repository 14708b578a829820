using System.Globalization;
using Disputes.Application.Ports;
using Disputes.Application.Reference;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Redress;

namespace Disputes.Application.Complaints.Effects;

/// <summary>Renders the texts sent to a party about their case, in the party's language, from the case as it stands.</summary>
public sealed class ComplaintNotifications(ReferenceData reference, ContactAdvice? contactAdvice = null, IClauseTitles? clauseTitles = null)
{
    /// <param name="statement">The recipient's statement of reasons, rendered in <paramref name="language"/> (decision mails).</param>
    public (string Subject, string Body) Render(string template, Complaint complaint, string recipientId, string language, IReadOnlyList<CaseTask> tasks, IReadOnlyList<RedressOption> redress, IReadOnlyList<RedressOption> bodies,
        string statement = "")
    {
        var t = reference.Texts;
        string L(string key, params (string, string)[] values) => t.Render(language, key, values.ToDictionary(v => v.Item1, v => v.Item2));
        var decision = complaint.Decisions.Count > 0 ? complaint.Decisions[^1] : null;
        // Worked out only for the placeholders the two texts hold (the contact advice once for both).
        ContactAdviceView? contact = null;
        var contactRead = false;
        ContactAdviceView? Contact()
        {
            if (!contactRead) (contact, contactRead) = (contactAdvice?.For(complaint, language), true);
            return contact;
        }
        string DueAt()
        {
            var due = tasks.Where(x => x.DueAt is not null && (x.Assignee == recipientId || x.Assignee is null)).Min(x => x.DueAt) ?? tasks.Where(x => x.DueAt is not null).Min(x => x.DueAt);
            return due is { } d ? d.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "-";
        }
        string? Value(string name) => name switch
        {
            "caseNumber" => complaint.Number,
            "orderId" => complaint.OrderId,
            "category" => L("category." + complaint.Category.Name()),
            // The advice is written for the language of this mail, not computed once in the case's language.
            "channel" => Contact()?.ChannelText ?? L("channel." + complaint.RecommendedChannel.ToString().ToLowerInvariant()),
            "channelReason" => Contact()?.ReasonText ?? L("channel-reason." + complaint.ChannelReason),
            "contact" => Contact() is { } advice ? string.Join("\n", advice.Lines) : "",
            "dueAt" => DueAt(),
            "offer" => complaint.Settlement is { } s ? $"{s.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {s.Currency}" : "-",
            "question" => complaint.Messages.LastOrDefault(m => m.Kind == MessageKind.InformationRequest)?.Text ?? "",
            "outcomes" => decision is null ? "" : string.Join("; ", decision.Outcomes.Select(o => OutcomeLabel(o, language))),
            "facts" => decision?.Facts ?? "",
            "reasons" => decision?.Reasons ?? "",
            "clauses" => decision is null ? "" : string.Join("; ", decision.Clauses.Select(c => reference.Policies.Find(c) is { } clause
                ? $"{clause.Id} {clauseTitles?.ClauseTitle(clause.Id, language, clause.Title) ?? clause.Title}" : c)),
            // Parties see the role that decided, never a staff member's name.
            "decider" => decision is null ? "" : L("role." + StaffRoles.Of(decision)),
            "decidedAt" => decision?.DecidedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            "redress" => string.Join("\n", redress.Select(r => "- " + RedressLabel(r, language))),
            "bodies" => string.Join("\n", bodies.Select(r => "- " + RedressLabel(r, language))),
            "result" => decision is null ? "" : L(decision.Status == DecisionStatus.Confirmed ? "appeal.confirmed" : "appeal.reversed"),
            "statement" => statement,
            "changes" => complaint.AppealChanges() is { } changes ? string.Join("\n", ChangeLines(complaint, changes.For(recipientId), language).Select(l => "- " + l)) : "",
            _ => null,
        };
        var key = template == "filed" ? (recipientId == complaint.ComplainantId ? "filed.complainant" : "filed.respondent") : template;
        return (t.Render(language, key + ".subject", Value), t.Render(language, key + ".body", Value));
    }

    /// <summary>What an appeal changed for one party, one line each, in the party's language: exactly what the effects did.</summary>
    public IReadOnlyList<string> ChangeLines(Complaint complaint, OutcomeChanges changes, string language)
    {
        var t = reference.Texts;
        string L(string key, params (string, string)[] values) => t.Render(language, key, values.ToDictionary(v => v.Item1, v => v.Item2));
        string Money(decimal amount) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {complaint.Currency}";
        string Title(string item) => complaint.Items.FirstOrDefault(i => i.Id == item)?.Title ?? item;
        string Measure(AccountMeasure m) => OutcomeLabel(new Outcome(m.Kind, AccountId: m.AccountId, Until: m.Until, Permanent: m.Permanent), language);
        var lines = new List<string>();
        if (changes.RefundPaid > 0) lines.Add(L("change.refund", ("paid", Money(changes.RefundPaid)), ("total", Money(changes.RefundTotal))));
        if (changes.OrderCancelled) lines.Add(L("change.cancelled"));
        lines.AddRange(changes.ItemsRemoved.Select(i => L("change.removed", ("item", Title(i)))));
        lines.AddRange(changes.ItemsReinstated.Select(i => L("change.reinstated", ("item", Title(i)))));
        foreach (var m in changes.Measures)
        {
            if (m.Before is { } b && m.After is { } a && b.Kind == a.Kind) lines.Add(L("change.terms", ("measure", Measure(a)), ("before", Measure(b))));
            else
            {
                if (m.Before is { } lifted) lines.Add(L("change.lifted", ("measure", Measure(lifted))));
                if (m.After is { } imposed) lines.Add(L("change.imposed", ("measure", Measure(imposed))));
            }
        }
        lines.AddRange(changes.ReferralsMade.Select(_ => L("change.referred")));
        lines.AddRange(changes.ReferralsWithdrawn.Select(_ => L("change.withdrawn")));
        if (lines.Count == 0) lines.Add(L("change.none"));
        return lines;
    }

    public string OutcomeLabel(Outcome o, string language)
    {
        var t = reference.Texts;
        var until = o.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        return o.Kind switch
        {
            OutcomeKind.PartialRefund => t.Render(language, "outcome.partial-refund", new Dictionary<string, string> { ["amount"] = $"{o.Amount?.ToString("0.00", CultureInfo.InvariantCulture)} {o.Currency}" }),
            OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction => t.Render(language, $"outcome.{o.Kind.Name()}{(o.Permanent ? ".permanent" : "")}", new Dictionary<string, string> { ["until"] = until }),
            _ => t.Get(language, "outcome." + o.Kind.Name()),
        };
    }

    public string RedressLabel(RedressOption option, string language)
    {
        var values = new Dictionary<string, string>
        {
            ["until"] = option.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ["name"] = option.Body?.Name ?? "",
            ["url"] = option.Body?.Url ?? "",
            ["country"] = option.Body?.Country ?? "",
        };
        return reference.Texts.Render(language, "redress." + option.Kind, values);
    }
}
