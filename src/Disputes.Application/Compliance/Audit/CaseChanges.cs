using Disputes.Application.Ports;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// What happened to a case between its loaded and its saved state, as audit actions. Free text (descriptions,
/// messages, facts, reasons) is recorded by its SHA-256 and length: the audit proves what was written without
/// copying personal data into a store that can never be changed.
/// </summary>
public static class CaseChanges
{
    public static IEnumerable<(string Action, JsonObject Data)> Describe(CaseChange change)
    {
        var c = change.After;
        var before = change.Before;
        if (before is null)
        {
            yield return ("case.filed", new JsonObject
            {
                ["number"] = c.Number, ["orderId"] = c.OrderId, ["itemIds"] = Array(c.ItemIds), ["category"] = c.Category.Name(),
                ["complainantId"] = c.ComplainantId, ["complainantSide"] = c.ComplainantSide.ToString().ToLowerInvariant(),
                ["language"] = c.Language, ["expertReasons"] = Array(c.ExpertReasons), ["description"] = TextProof(c.Description),
            }.WithMasked(c.Messages.FirstOrDefault(m => m.Kind == MessageKind.Statement)?.Masked));
        }
        var known = before?.Messages.Select(m => m.Id).ToHashSet() ?? [];
        foreach (var m in c.Messages.Where(m => !known.Contains(m.Id)))
        {
            if (before is null && m.Kind == MessageKind.Statement) continue; // the filing's own statement
            var data = new JsonObject { ["messageId"] = m.Id.ToString(), ["kind"] = m.Kind.ToString(), ["authorRole"] = m.AuthorRole, ["text"] = TextProof(m.Text) };
            if (m.To is not null) data["to"] = m.To;
            data.WithMasked(m.Masked);
            if (m.EvidenceIds.Count > 0) data["evidenceIds"] = Array(m.EvidenceIds.Select(e => e.ToString()));
            yield return (MessageAction(m.Kind), data);
        }
        var knownEvidence = before?.Evidence.Select(e => e.Id).ToHashSet() ?? [];
        foreach (var e in c.Evidence.Where(e => !knownEvidence.Contains(e.Id)))
            yield return ("evidence.attached", new JsonObject { ["evidenceId"] = e.Id.ToString(), ["contentType"] = e.ContentType, ["size"] = e.Size, ["sha256"] = e.Sha256 });

        if (before?.Settlement is null && c.Settlement is { } offer)
            yield return ("settlement.offered", new JsonObject { ["amount"] = Money(offer.Amount), ["currency"] = offer.Currency, ["by"] = offer.OfferedBy });
        if (before?.Settlement is { Accepted: null } && c.Settlement is { Accepted: { } accepted })
            yield return (accepted ? "settlement.accepted" : "settlement.declined", new JsonObject { ["amount"] = Money(c.Settlement.Amount), ["currency"] = c.Settlement.Currency });

        var old = before?.Decisions.ToDictionary(d => d.Number) ?? [];
        foreach (var d in c.Decisions)
        {
            old.TryGetValue(d.Number, out var was);
            if (was is null)
            {
                yield return (d.Stage == DecisionStage.Appeal ? "appeal.decided" : "decision.made", DecisionData(d));
                if (d.Status == DecisionStatus.Effective)
                    yield return ("decision.effective", new JsonObject { ["decision"] = d.Number, ["appealableUntil"] = d.AppealableUntil?.ToString("O", CultureInfo.InvariantCulture) });
                continue;
            }
            if (was.Status == d.Status && was.ApprovedBy == d.ApprovedBy) continue;
            if (was.ApprovedBy is null && d.ApprovedBy is not null && d.Status != DecisionStatus.Rejected)
                yield return ("decision.approved", new JsonObject { ["decision"] = d.Number, ["decidedBy"] = d.DecidedBy, ["approvedBy"] = d.ApprovedBy });
            var action = d.Status switch
            {
                DecisionStatus.Effective => "decision.effective",
                DecisionStatus.Rejected => "decision.rejected",
                DecisionStatus.Confirmed => "decision.confirmed-on-appeal",
                DecisionStatus.Reversed => "decision.reversed-on-appeal",
                _ => null,
            };
            if (action is null || was.Status == d.Status) continue;
            var data = new JsonObject { ["decision"] = d.Number, ["from"] = was.Status.ToString(), ["to"] = d.Status.ToString() };
            if (d.Status == DecisionStatus.Rejected) { data["rejectedBy"] = d.ApprovedBy; data["reason"] = TextProof(d.RejectionReason ?? ""); }
            if (d.Status == DecisionStatus.Effective) data["appealableUntil"] = d.AppealableUntil?.ToString("O", CultureInfo.InvariantCulture);
            yield return (action, data);
        }

        if (before is not null && before.Status != c.Status)
            yield return (c.Status == ComplaintStatus.Closed ? "case.closed" : "case.status-changed", new JsonObject { ["from"] = before.Status.ToString(), ["to"] = c.Status.ToString() });
    }

    public static string MessageAction(MessageKind kind) => kind switch
    {
        MessageKind.Statement => "statement.added",
        MessageKind.Message => "message.posted",
        MessageKind.RepeatFiling => "case.repeat-filed",
        MessageKind.InformationRequest => "information.requested",
        MessageKind.InformationReply => "information.answered",
        MessageKind.SettlementOffer => "settlement.offer-message",
        MessageKind.SettlementAnswer => "settlement.answer-message",
        MessageKind.Appeal => "appeal.filed",
        MessageKind.Guidance => "guidance.added",
        _ => "message." + kind.ToString().ToLowerInvariant(),
    };

    private static JsonObject DecisionData(Decision d)
    {
        var data = new JsonObject
        {
            ["decision"] = d.Number,
            ["stage"] = d.Stage.ToString(),
            ["status"] = d.Status.ToString(),
            ["outcomes"] = new JsonArray(d.Outcomes.Select(o => (JsonNode)OutcomeData(o)).ToArray()),
            ["clauses"] = Array(d.Clauses),
            ["facts"] = TextProof(d.Facts),
            ["reasons"] = TextProof(d.Reasons),
            ["decidedBy"] = d.DecidedBy,
            ["needsSecondApproval"] = d.NeedsSecondApproval,
        };
        return data.WithMasked(d.Masked);
    }

    private static JsonObject OutcomeData(Outcome o)
    {
        var data = new JsonObject { ["kind"] = o.Kind.Name() };
        if (o.Amount is { } a) data["amount"] = Money(a);
        if (o.Currency is not null) data["currency"] = o.Currency;
        if (o.ItemIds is { Count: > 0 } items) data["itemIds"] = Array(items);
        if (o.AccountId is not null) data["accountId"] = o.AccountId;
        if (o.Until is { } until) data["until"] = until.ToString("O", CultureInfo.InvariantCulture);
        if (o.Permanent) data["permanent"] = true;
        if (o.ReferralCategory is not null) data["referralCategory"] = o.ReferralCategory;
        return data;
    }

    /// <summary>Adds which kinds of contact details were masked in the text, when any were.</summary>
    private static JsonObject WithMasked(this JsonObject data, IReadOnlyList<string>? masked)
    {
        if (masked is { Count: > 0 }) { data["masked"] = Array(masked); data["contactDetails"] = "masked"; }
        return data;
    }

    /// <summary>A text's fingerprint: its SHA-256 and length, never the text.</summary>
    public static JsonObject TextProof(string text) => AuditText.Proof(text);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
