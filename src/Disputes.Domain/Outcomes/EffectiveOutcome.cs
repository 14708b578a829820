using System.Globalization;
using Disputes.Domain.Complaints;

namespace Disputes.Domain.Outcomes;

/// <summary>A suspension or restriction of one account, with its terms: an end date or permanent.</summary>
public sealed record AccountMeasure(string AccountId, OutcomeKind Kind, DateTimeOffset? Until, bool Permanent)
{
    /// <summary>"suspension" or "restriction": the measure's name in effect payloads.</summary>
    public string Measure => Kind == OutcomeKind.AccountSuspension ? "suspension" : "restriction";

    /// <summary>"permanent" or the end as ISO 8601: the terms in effect payloads.</summary>
    public string Terms => Permanent ? "permanent" : Until!.Value.ToString("O", CultureInfo.InvariantCulture);

    public bool SameTerms(AccountMeasure other) => Permanent == other.Permanent && Until == other.Until;
}

/// <summary>
/// What a set of outcomes amounts to at the marketplace, once carried out: the refund in total, whether the order
/// is cancelled, which items' listings are removed, which measures stand on which account, which referrals are made.
/// Two decisions are compared through it, so that an appeal changes exactly what differs (<see cref="OutcomeChanges"/>).
/// </summary>
public sealed record EffectiveOutcome(
    decimal Refund, bool OrderCancelled, IReadOnlyList<string> RemovedItems, IReadOnlyList<AccountMeasure> Measures, IReadOnlyList<string> Referrals)
{
    public static readonly EffectiveOutcome None = new(0m, false, [], [], []);

    /// <summary>The refund a set of outcomes stands for, in total: the amount paid for a full refund, the amount of a partial one.</summary>
    public static decimal RefundOf(Complaint complaint, IEnumerable<Outcome> outcomes) =>
        outcomes.Select(o => o.Kind switch
        {
            OutcomeKind.FullRefund => complaint.AmountPaid,
            OutcomeKind.PartialRefund => o.Amount ?? 0m,
            _ => 0m,
        }).DefaultIfEmpty(0m).Max();

    public static EffectiveOutcome Of(Complaint complaint, IReadOnlyList<Outcome> outcomes) => new(
        RefundOf(complaint, outcomes),
        outcomes.Any(o => o.Kind == OutcomeKind.OrderCancellation),
        outcomes.Where(o => o.Kind == OutcomeKind.ItemRemoval).SelectMany(o => o.ItemIds ?? []).Distinct().Order(StringComparer.Ordinal).ToList(),
        outcomes.Where(o => o.Kind is OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction && o.AccountId is not null)
            .Select(o => new AccountMeasure(o.AccountId!, o.Kind, o.Permanent ? null : o.Until, o.Permanent))
            .OrderBy(m => m.AccountId, StringComparer.Ordinal).ToList(),
        outcomes.Where(o => o.Kind == OutcomeKind.LawEnforcementReferral && o.ReferralCategory is not null).Select(o => o.ReferralCategory!)
            .Distinct().Order(StringComparer.Ordinal).ToList());

    public AccountMeasure? MeasureOn(string accountId) => Measures.FirstOrDefault(m => m.AccountId == accountId);

    /// <summary>Value equality over the lists' contents (records compare lists by reference).</summary>
    public bool SameAs(EffectiveOutcome other) =>
        Refund == other.Refund && OrderCancelled == other.OrderCancelled
        && RemovedItems.Order(StringComparer.Ordinal).SequenceEqual(other.RemovedItems.Order(StringComparer.Ordinal))
        && Measures.OrderBy(m => m.AccountId, StringComparer.Ordinal).SequenceEqual(other.Measures.OrderBy(m => m.AccountId, StringComparer.Ordinal))
        && Referrals.Order(StringComparer.Ordinal).SequenceEqual(other.Referrals.Order(StringComparer.Ordinal));

    public override string ToString() =>
        $"refund {Refund:0.00}; cancelled {OrderCancelled}; removed [{string.Join(",", RemovedItems)}]; " +
        $"measures [{string.Join(",", Measures.Select(m => $"{m.AccountId}:{m.Measure}:{m.Terms}"))}]; referrals [{string.Join(",", Referrals)}]";
}

/// <summary>How a measure on an account changed: imposed (no <see cref="Before"/>), lifted (no <see cref="After"/>), or its terms changed.</summary>
public sealed record MeasureChange(string AccountId, AccountMeasure? Before, AccountMeasure? After);

/// <summary>
/// The exact difference between two effective outcomes: what the marketplace must do, and what the parties are told
/// was done. A refund pays only what the new total exceeds what was already refunded.
/// </summary>
public sealed record OutcomeChanges(
    decimal RefundPaid, decimal RefundTotal, bool OrderCancelled, IReadOnlyList<string> ItemsRemoved, IReadOnlyList<string> ItemsReinstated,
    IReadOnlyList<MeasureChange> Measures, IReadOnlyList<string> ReferralsMade, IReadOnlyList<string> ReferralsWithdrawn)
{
    public static OutcomeChanges Between(EffectiveOutcome before, EffectiveOutcome after, decimal refundedSoFar)
    {
        var measures = new List<MeasureChange>();
        foreach (var account in before.Measures.Select(m => m.AccountId).Union(after.Measures.Select(m => m.AccountId)).Order(StringComparer.Ordinal))
        {
            var (b, a) = (before.MeasureOn(account), after.MeasureOn(account));
            if (b is not null && a is not null && b.Kind == a.Kind && b.SameTerms(a)) continue;
            measures.Add(new MeasureChange(account, b, a));
        }
        return new OutcomeChanges(
            Math.Max(0m, after.Refund - refundedSoFar),
            Math.Max(after.Refund, refundedSoFar),
            after.OrderCancelled && !before.OrderCancelled,
            after.RemovedItems.Except(before.RemovedItems).Order(StringComparer.Ordinal).ToList(),
            before.RemovedItems.Except(after.RemovedItems).Order(StringComparer.Ordinal).ToList(),
            measures,
            after.Referrals.Except(before.Referrals).Order(StringComparer.Ordinal).ToList(),
            before.Referrals.Except(after.Referrals).Order(StringComparer.Ordinal).ToList());
    }

    public bool IsEmpty => RefundPaid == 0 && !OrderCancelled && ItemsRemoved.Count == 0 && ItemsReinstated.Count == 0 && Measures.Count == 0
                           && ReferralsMade.Count == 0 && ReferralsWithdrawn.Count == 0;

    /// <summary>
    /// What one party is told: the refund, the cancellation, the listings and referrals concern both parties; a
    /// change to a measure on an account only that account's holder.
    /// </summary>
    public OutcomeChanges For(string partyId) => this with { Measures = Measures.Where(m => m.AccountId == partyId).ToList() };
}
