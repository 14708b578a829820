using System.Globalization;
using Disputes.Domain.Complaints;

namespace Disputes.Domain.Outcomes;

/// <summary>One side effect on a system we do not own; <see cref="Kind"/> is an outbox message kind (<see cref="EffectKinds"/>).</summary>
public sealed record PlannedEffect(string Kind, IReadOnlyDictionary<string, string> Data);

/// <summary>
/// Turns outcomes into effects on the marketplace: payments, holds, orders, catalogue, accounts, referrals.
/// Every plan is the exact difference between two effective outcomes (<see cref="OutcomeChanges"/>): a first
/// decision differs from nothing; an appeal's revision from the decision it reverses. So a shortened restriction
/// updates the measure's terms, an item no longer removed is reinstated, a measure no longer imposed is lifted, and
/// a refund pays only what the new total exceeds what was already refunded (never more than is still refundable:
/// <see cref="DecisionRules"/> refuses a revision beyond that bound). A refund paid is never clawed back.
/// While a case is open the disputed amount is held on the seller's payout; the first outcome applies the hold to
/// the refund and releases the rest.
/// </summary>
public static class EffectPlan
{
    /// <summary>Filing a buyer's complaint holds the disputed amount on the seller's payout.</summary>
    public static IReadOnlyList<PlannedEffect> ForFiling(Complaint complaint) =>
        complaint.HeldAmount > 0
            ? [Effect(EffectKinds.HoldFunds, complaint, ("amount", Money(complaint.HeldAmount)), ("currency", complaint.Currency), ("accountId", complaint.SellerId))]
            : [];

    /// <summary>A first decision (or an accepted settlement): everything it does.</summary>
    public static IReadOnlyList<PlannedEffect> For(Complaint complaint, IReadOnlyList<Outcome> outcomes) => Between(complaint, [], outcomes);

    /// <summary>An appeal's revision: the difference between the decision it reverses and the revised outcomes.</summary>
    public static IReadOnlyList<PlannedEffect> ForReversal(Complaint complaint, Decision original, IReadOnlyList<Outcome> revised) =>
        Between(complaint, original.Outcomes, revised);

    public static IReadOnlyList<PlannedEffect> Between(Complaint complaint, IReadOnlyList<Outcome> before, IReadOnlyList<Outcome> after) =>
        Effects(complaint, OutcomeChanges.Between(EffectiveOutcome.Of(complaint, before), EffectiveOutcome.Of(complaint, after), complaint.RefundedSoFar),
            complaint.HeldAmount, after);

    /// <summary>
    /// The effects that carry out <paramref name="changes"/>, using <paramref name="held"/> (the amount on hold) for the
    /// refund first and releasing the rest; <paramref name="after"/> gives a new referral its summary.
    /// </summary>
    public static IReadOnlyList<PlannedEffect> Effects(Complaint complaint, OutcomeChanges changes, decimal held, IReadOnlyList<Outcome> after)
    {
        var effects = new List<PlannedEffect>();
        var fromHold = Math.Min(held, changes.RefundPaid);
        if (changes.RefundPaid > 0)
            effects.Add(Effect(EffectKinds.Refund, complaint, ("amount", Money(changes.RefundPaid)), ("currency", complaint.Currency), ("to", complaint.BuyerId),
                ("fromHold", Money(fromHold))));
        if (held - fromHold > 0)
            effects.Add(Effect(EffectKinds.ReleaseHold, complaint, ("amount", Money(held - fromHold)), ("currency", complaint.Currency), ("accountId", complaint.SellerId)));
        if (changes.OrderCancelled) effects.Add(Effect(EffectKinds.CancelOrder, complaint));
        foreach (var item in changes.ItemsRemoved)
            effects.Add(Effect(EffectKinds.RemoveListing, complaint, ("itemId", item), ("listingId", complaint.ListingOf(item))));
        foreach (var item in changes.ItemsReinstated)
            effects.Add(Effect(EffectKinds.ReinstateListing, complaint, ("itemId", item), ("listingId", complaint.ListingOf(item))));
        foreach (var m in changes.Measures)
        {
            if (m.Before is { } b && m.After is { } a && b.Kind == a.Kind)
            {
                effects.Add(Effect(EffectKinds.UpdateAccountMeasure, complaint, ("accountId", a.AccountId), ("measure", a.Measure), ("until", a.Terms)));
                continue;
            }
            if (m.Before is { } lifted)
                effects.Add(Effect(lifted.Kind == OutcomeKind.AccountSuspension ? EffectKinds.LiftAccountSuspension : EffectKinds.LiftAccountRestriction, complaint, ("accountId", lifted.AccountId)));
            if (m.After is { } imposed)
                effects.Add(Effect(imposed.Kind == OutcomeKind.AccountSuspension ? EffectKinds.SuspendAccount : EffectKinds.RestrictAccount, complaint, ("accountId", imposed.AccountId), ("until", imposed.Terms)));
        }
        foreach (var category in changes.ReferralsWithdrawn)
            effects.Add(Effect(EffectKinds.WithdrawReferral, complaint, ("category", category)));
        foreach (var category in changes.ReferralsMade)
            effects.Add(Effect(EffectKinds.ReferToLawEnforcement, complaint, ("category", category), ("summary", SummaryOf(after, category))));
        return effects;
    }

    private static string SummaryOf(IReadOnlyList<Outcome> outcomes, string category) =>
        outcomes.FirstOrDefault(o => o.Kind == OutcomeKind.LawEnforcementReferral && o.ReferralCategory == category)?.Summary ?? "";

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static PlannedEffect Effect(string kind, Complaint complaint, params (string Key, string Value)[] data)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["complaintId"] = complaint.Id.ToString(), ["orderId"] = complaint.OrderId };
        foreach (var (k, v) in data) all[k] = v;
        return new PlannedEffect(kind, all);
    }
}
