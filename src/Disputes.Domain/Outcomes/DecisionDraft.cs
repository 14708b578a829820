using Disputes.Domain.Complaints;
using Disputes.Domain.Policies;

namespace Disputes.Domain.Outcomes;

/// <summary>What a decider submits. <see cref="Automated"/> exists so that a client can say so, and be refused.</summary>
public sealed record DecisionDraft(IReadOnlyList<Outcome> Outcomes, IReadOnlyList<string> Clauses, string? Facts, string? Reasons, bool Automated = false);

/// <summary>The rules every decision must meet (issue 3, "Outcomes").</summary>
public static class DecisionRules
{
    public const int MaxTextLength = 20_000;
    public const int MaxSummaryLength = 2_000;

    /// <param name="onAppeal">A revised decision may restate a refund already paid: it is then not paid again (see <see cref="EffectPlan"/>).</param>
    public static void Validate(DecisionDraft draft, Complaint complaint, PolicyCatalogue catalogue, string deciderId, bool onAppeal = false)
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

        ValidateOutcomes(draft.Outcomes, complaint, onAppeal ? complaint.AmountPaid : complaint.RefundableAmount, errors);
        ValidateClauses(draft, catalogue, errors);
        DomainRuleException.ThrowIfAny("The decision is not valid.", errors);
    }

    private static void ValidateOutcomes(IReadOnlyList<Outcome> outcomes, Complaint complaint, decimal refundable, RuleErrors errors)
    {
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
                    else if (amount > refundable)
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
