using Disputes.Domain.Complaints;
using Disputes.Domain.Policies;

namespace Disputes.Domain.Outcomes;

/// <summary>What a decider submits. <see cref="Automated"/> exists so that a client can say so, and be refused.</summary>
public sealed record DecisionDraft(IReadOnlyList<Outcome> Outcomes, IReadOnlyList<string> Clauses, string? Facts, string? Reasons, bool Automated = false);

/// <summary>The rules every decision must meet (cited policy, facts and reasons, outcomes that fit the case).</summary>
public static class DecisionRules
{
    public const int MaxTextLength = 20_000;
    public const int MaxSummaryLength = 2_000;

    /// <param name="now">A suspension or restriction must end after it.</param>
    /// <param name="onAppeal">
    /// A revision on appeal states the refund in total for the case: it may restate a refund already paid (then not
    /// paid again, see <see cref="EffectPlan"/>) and may not exceed what was paid or go below what was refunded.
    /// </param>
    public static void Validate(DecisionDraft draft, Complaint complaint, PolicyCatalogue catalogue, string deciderId, DateTimeOffset now, bool onAppeal = false)
    {
        var errors = new RuleErrors();
        if (draft.Automated)
            errors.Add("automated", "Decisions are taken by a named person, never solely by automated means (DSA Art. 20(6)).");
        if (string.IsNullOrWhiteSpace(deciderId) || deciderId is "system" or "timer" or "anonymous")
            errors.Add("decidedBy", "A decision needs a named human decider.");
        if (string.IsNullOrWhiteSpace(draft.Facts)) errors.Add("facts", "State the facts the decision rests on.");
        else if (draft.Facts.Length > MaxTextLength) errors.Add("facts", $"At most {MaxTextLength} characters.");
        if (string.IsNullOrWhiteSpace(draft.Reasons)) errors.Add("reasons", "State the reasons for the decision.");
        else if (draft.Reasons.Length > MaxTextLength) errors.Add("reasons", $"At most {MaxTextLength} characters.");

        ValidateOutcomes(draft.Outcomes, complaint, onAppeal, now, errors);
        if (onAppeal && complaint.Decisions.LastOrDefault(d => d.Status == DecisionStatus.Effective) is { } original)
            RevisionBounds(draft.Outcomes, complaint, original, errors);
        ValidateClauses(draft, catalogue, errors);
        DomainRuleException.ThrowIfAny("The decision is not valid.", errors);
    }

    /// <summary>
    /// An appeal's revision stays within what can be carried out: the refund in total at most what was paid (so at
    /// most what is still refundable is paid on top) and at least what was already refunded (a refund is never clawed
    /// back); a cancelled order stays cancelled.
    /// </summary>
    public static void RequireRevisionWithinBounds(IReadOnlyList<Outcome> revised, Complaint complaint, Decision original)
    {
        var errors = new RuleErrors();
        RevisionBounds(revised, complaint, original, errors);
        DomainRuleException.ThrowIfAny("The revised decision cannot be carried out.", errors);
    }

    private static void RevisionBounds(IReadOnlyList<Outcome> revised, Complaint complaint, Decision original, RuleErrors errors)
    {
        var total = EffectiveOutcome.RefundOf(complaint, revised);
        var at = revised.Select((o, i) => (o, i)).Where(x => x.o.Kind is OutcomeKind.PartialRefund or OutcomeKind.FullRefund).Select(x => $"outcomes[{x.i}].amount").FirstOrDefault() ?? "outcomes";
        if (total > complaint.AmountPaid)
            errors.Add(at, RefundBound(complaint));
        else if (total < complaint.RefundedSoFar)
            errors.Add(at, $"{Money(complaint.RefundedSoFar, complaint)} was already refunded and is not clawed back: the revised refund is at least {Money(complaint.RefundedSoFar, complaint)} in total, at most {Money(complaint.AmountPaid, complaint)}.");
        if (original.Has(OutcomeKind.OrderCancellation) && revised.All(o => o.Kind != OutcomeKind.OrderCancellation))
            errors.Add("outcomes", "The order was cancelled and a cancellation cannot be undone: keep 'order-cancellation' (with 'full-refund').");
    }

    /// <summary>The bound an appeal's refund must keep, in words.</summary>
    public static string RefundBound(Complaint complaint) =>
        $"At most {Money(complaint.AmountPaid, complaint)} in total can be refunded: {Money(complaint.RefundedSoFar, complaint)} already refunded, so at most {Money(complaint.RefundableAmount, complaint)} more.";

    private static string Money(decimal amount, Complaint complaint) => $"{amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} {complaint.Currency}";

    private static void ValidateOutcomes(IReadOnlyList<Outcome> outcomes, Complaint complaint, bool onAppeal, DateTimeOffset now, RuleErrors errors)
    {
        var refundable = onAppeal ? complaint.AmountPaid : complaint.RefundableAmount;
        if (outcomes.Count == 0) { errors.Add("outcomes", "Choose at least one outcome (or no-action)."); return; }
        foreach (var dup in outcomes.GroupBy(o => o.Kind).Where(g => g.Count() > 1))
            errors.Add("outcomes", $"'{dup.Key.Name()}' is given more than once.");

        var kinds = outcomes.Select(o => o.Kind).ToHashSet();
        if (kinds.Contains(OutcomeKind.NoAction) && kinds.Count > 1)
            errors.Add("outcomes", "'no-action' cannot be combined with other outcomes.");
        if (kinds.Contains(OutcomeKind.FullRefund) && kinds.Contains(OutcomeKind.PartialRefund))
            errors.Add("outcomes", "A refund is either full or partial, not both.");
        if (kinds.Contains(OutcomeKind.OrderCancellation) && kinds.Contains(OutcomeKind.PartialRefund))
            errors.Add("outcomes", "A cancelled order is refunded in full: use 'full-refund' with 'order-cancellation'.");
        if (kinds.Contains(OutcomeKind.LawEnforcementReferral) && kinds.Contains(OutcomeKind.NoAction))
            errors.Add("outcomes", "A referral to law enforcement is an action.");

        var suspended = outcomes.Where(o => o.Kind == OutcomeKind.AccountSuspension).Select(o => o.AccountId).ToHashSet();
        if (outcomes.Any(o => o.Kind == OutcomeKind.AccountRestriction && suspended.Contains(o.AccountId)))
            errors.Add("outcomes", "An account is either suspended or restricted, not both.");

        for (var i = 0; i < outcomes.Count; i++)
        {
            var o = outcomes[i];
            var at = $"outcomes[{i}]";
            switch (o.Kind)
            {
                case OutcomeKind.PartialRefund:
                    if (o.Amount is not { } amount || amount <= 0) errors.Add($"{at}.amount", "A partial refund needs an amount above zero.");
                    else if (!onAppeal && amount > refundable) // on appeal the revision bound states it
                        errors.Add($"{at}.amount", $"At most {refundable:0.00} {complaint.Currency} can be refunded (paid {complaint.AmountPaid:0.00}, already refunded {complaint.RefundedSoFar:0.00}).");
                    else if (decimal.Round(amount, 2) != amount) errors.Add($"{at}.amount", "Use at most two decimals.");
                    if (!string.Equals(o.Currency, complaint.Currency, StringComparison.Ordinal))
                        errors.Add($"{at}.currency", $"The order was paid in {complaint.Currency}; refund in that currency.");
                    break;
                case OutcomeKind.FullRefund:
                    if (refundable <= 0) errors.Add(at, "Everything paid has already been refunded.");
                    break;
                case OutcomeKind.ItemRemoval:
                    if (o.ItemIds is not { Count: > 0 } items) errors.Add($"{at}.itemIds", "Name the items whose listings are removed.");
                    else if (items.FirstOrDefault(id => !complaint.ItemIds.Contains(id)) is { } stranger)
                        errors.Add($"{at}.itemIds", $"Item '{stranger}' is not part of this complaint.");
                    break;
                case OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction:
                    if (o.AccountId is null || (o.AccountId != complaint.BuyerId && o.AccountId != complaint.SellerId))
                        errors.Add($"{at}.accountId", "Name the account: the buyer's or the seller's in this case.");
                    if (o.Permanent == (o.Until is not null))
                        errors.Add($"{at}.until", "Give either an end date ('until') or 'permanent', exactly one.");
                    else if (o.Until is { } until && until <= now)
                        errors.Add($"{at}.until", $"The end date {until:yyyy-MM-dd HH:mm} UTC has passed: give an end after {now:yyyy-MM-dd HH:mm} UTC, or 'permanent'.");
                    break;
                case OutcomeKind.LawEnforcementReferral:
                    if (o.ReferralCategory is not ("counterfeit" or "fraud"))
                        errors.Add($"{at}.referralCategory", "A referral's category is 'counterfeit' or 'fraud'.");
                    if (string.IsNullOrWhiteSpace(o.Summary)) errors.Add($"{at}.summary", "A referral needs a summary for the authorities.");
                    else if (o.Summary.Length > MaxSummaryLength) errors.Add($"{at}.summary", $"At most {MaxSummaryLength} characters.");
                    break;
            }
        }
    }

    private static void ValidateClauses(DecisionDraft draft, PolicyCatalogue catalogue, RuleErrors errors)
    {
        if (draft.Clauses.Count == 0) { errors.Add("clauses", $"Cite at least one clause of policy catalogue {catalogue.Version}."); return; }
        var cited = new List<PolicyClause>();
        foreach (var id in draft.Clauses)
        {
            if (catalogue.Find(id) is { } clause) cited.Add(clause);
            else errors.Add("clauses", $"'{id}' is not a clause of policy catalogue {catalogue.Version}.");
        }
        if (cited.Count == 0) return;
        foreach (var kind in draft.Outcomes.Select(o => o.Kind).Distinct())
        {
            if (!cited.Any(c => c.Grounds(kind)))
                errors.Add("clauses", $"None of the cited clauses grounds '{kind.Name()}'.");
        }
    }
}
