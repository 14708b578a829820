using System.Globalization;
using Disputes.Domain.Complaints;

namespace Disputes.Domain.Outcomes;

/// <summary>One side effect on a system we do not own; <see cref="Kind"/> is an outbox message kind.</summary>
public sealed record PlannedEffect(string Kind, IReadOnlyDictionary<string, string> Data);

/// <summary>
/// Turns outcomes into effects on the marketplace: payments, orders, catalogue, accounts, referrals.
/// A reversal on appeal compensates what the first decision did: a removed listing is reinstated, a suspension
/// or restriction lifted, a referral withdrawn. A refund already paid is never paid again: only the part of a
/// new refund that exceeds what was refunded is paid, and nothing is clawed back automatically.
/// </summary>
public static class EffectPlan
{
    public static IReadOnlyList<PlannedEffect> For(Complaint complaint, IReadOnlyList<Outcome> outcomes)
    {
        var effects = new List<PlannedEffect>();
        foreach (var o in outcomes) effects.AddRange(Apply(complaint, o, complaint.RefundedSoFar));
        return effects;
    }

    public static IReadOnlyList<PlannedEffect> ForReversal(Complaint complaint, Decision original, IReadOnlyList<Outcome> revised)
    {
        var effects = new List<PlannedEffect>();
        foreach (var o in original.Outcomes)
        {
            var kept = revised.Any(r => r.Kind == o.Kind && r.AccountId == o.AccountId);
            if (kept) continue;
            switch (o.Kind)
            {
                case OutcomeKind.ItemRemoval:
                    foreach (var item in o.ItemIds ?? [])
                        effects.Add(Effect(EffectKinds.ReinstateListing, complaint, ("itemId", item), ("listingId", complaint.ListingOf(item))));
                    break;
                case OutcomeKind.AccountSuspension:
                    effects.Add(Effect(EffectKinds.LiftAccountSuspension, complaint, ("accountId", o.AccountId!)));
                    break;
                case OutcomeKind.AccountRestriction:
                    effects.Add(Effect(EffectKinds.LiftAccountRestriction, complaint, ("accountId", o.AccountId!)));
                    break;
                case OutcomeKind.LawEnforcementReferral:
                    effects.Add(Effect(EffectKinds.WithdrawReferral, complaint, ("category", o.ReferralCategory!)));
                    break;
            }
        }
        foreach (var o in revised)
        {
            var alreadyApplied = original.Outcomes.Any(x => x.Kind == o.Kind && x.AccountId == o.AccountId && o.Kind is not (OutcomeKind.FullRefund or OutcomeKind.PartialRefund));
            if (!alreadyApplied) effects.AddRange(Apply(complaint, o, complaint.RefundedSoFar));
        }
        return effects;
    }

    /// <summary>The refund a set of outcomes asks for in total (not counting what was already paid).</summary>
    public static decimal RefundTarget(Complaint complaint, IEnumerable<Outcome> outcomes, decimal alreadyRefunded)
    {
        decimal target = 0;
        foreach (var o in outcomes)
        {
            if (o.Kind == OutcomeKind.FullRefund) target = Math.Max(target, complaint.AmountPaid);
            if (o.Kind == OutcomeKind.PartialRefund) target = Math.Max(target, Math.Min(complaint.AmountPaid, alreadyRefunded + (o.Amount ?? 0)));
        }
        return target;
    }

    private static IEnumerable<PlannedEffect> Apply(Complaint complaint, Outcome o, decimal refundedSoFar)
    {
        switch (o.Kind)
        {
            case OutcomeKind.FullRefund:
            case OutcomeKind.PartialRefund:
                var due = o.Kind == OutcomeKind.FullRefund ? complaint.AmountPaid - refundedSoFar : Math.Min(o.Amount ?? 0, complaint.AmountPaid - refundedSoFar);
                if (due > 0) yield return Effect(EffectKinds.Refund, complaint, ("amount", due.ToString("0.00", CultureInfo.InvariantCulture)), ("currency", complaint.Currency), ("to", complaint.BuyerId));
                break;
            case OutcomeKind.OrderCancellation:
                yield return Effect(EffectKinds.CancelOrder, complaint);
                break;
            case OutcomeKind.ItemRemoval:
                foreach (var item in o.ItemIds ?? [])
                    yield return Effect(EffectKinds.RemoveListing, complaint, ("itemId", item), ("listingId", complaint.ListingOf(item)));
                break;
            case OutcomeKind.AccountSuspension:
                yield return Effect(EffectKinds.SuspendAccount, complaint, ("accountId", o.AccountId!), ("until", o.Permanent ? "permanent" : o.Until!.Value.ToString("O", CultureInfo.InvariantCulture)));
                break;
            case OutcomeKind.AccountRestriction:
                yield return Effect(EffectKinds.RestrictAccount, complaint, ("accountId", o.AccountId!), ("until", o.Permanent ? "permanent" : o.Until!.Value.ToString("O", CultureInfo.InvariantCulture)));
                break;
            case OutcomeKind.LawEnforcementReferral:
                yield return Effect(EffectKinds.ReferToLawEnforcement, complaint, ("category", o.ReferralCategory!), ("summary", o.Summary!));
                break;
        }
    }

    private static PlannedEffect Effect(string kind, Complaint complaint, params (string Key, string Value)[] data)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["complaintId"] = complaint.Id.ToString(), ["orderId"] = complaint.OrderId };
        foreach (var (k, v) in data) all[k] = v;
        return new PlannedEffect(kind, all);
    }
}
