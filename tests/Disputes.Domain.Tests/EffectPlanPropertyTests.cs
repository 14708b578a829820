using System.Globalization;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Tests;

/// <summary>
/// Property: over generated decision and appeal pairs (fixed seed), the marketplace ledger, replayed from the
/// effects the case planned (hold at filing, decision, appeal), equals the final effective outcome; and what each
/// party is told changed on appeal equals what the ledger did.
/// </summary>
public sealed class EffectPlanPropertyTests
{
    private const int Seed = 20261129;
    private const int Pairs = 600;

    [Test]
    public void The_ledger_replayed_equals_the_final_outcome_and_each_party_is_told_what_the_ledger_did()
    {
        var random = new Random(Seed);
        int carried = 0, reversed = 0, confirmed = 0, refused = 0;
        for (var n = 0; n < Pairs; n++)
        {
            var complaint = FileOne(random, n);
            var ledger = new Ledger(complaint);
            ledger.Apply(EffectPlan.ForFiling(complaint));
            Assert.That(ledger.Held, Is.EqualTo(complaint.HeldAmount), $"pair {n}: the hold at filing");

            // The first decision: generated until the rules accept one.
            Decision decision;
            while (true)
            {
                var draft = Cases.Draft([.. Outcomes(random, complaint, Cases.Now)]);
                try { DecisionRules.Validate(draft, complaint, Cases.Catalogue, "exp-1", Cases.Now); }
                catch (DomainRuleException) { continue; }
                decision = complaint.Decide(draft, DecisionStage.Expert, "exp-1", Cases.Now);
                if (decision.NeedsSecondApproval) decision = complaint.Approve("exp-2", Cases.Now);
                break;
            }
            ledger.Apply(complaint.MakeEffective(decision, Cases.Now.AddMonths(6), Cases.Now));
            Check(n, "decision", ledger, complaint);
            Assert.That(ledger.Held, Is.Zero, $"pair {n}: the outcome applied or released the whole hold");

            var appealedAt = Cases.Now.AddDays(random.Next(1, 20));
            complaint.Appeal(random.Next(2) == 0 ? complaint.BuyerId : complaint.SellerId, "I disagree.", appealedAt);
            var decidedAt = appealedAt.AddDays(2);
            if (random.Next(4) == 0)
            {
                Assert.That(complaint.DecideAppeal(null, false, "rev-9", "The decision stands.", ["GEN-1"], decidedAt), Is.Empty);
                confirmed++;
                Check(n, "confirmation", ledger, complaint);
                continue;
            }

            var original = complaint.CurrentDecision!;
            var revised = Cases.Draft([.. random.Next(3) == 0 ? Outcomes(random, complaint, decidedAt) : Mutate(random, complaint, original.Outcomes, decidedAt)]);
            try
            {
                DecisionRules.Validate(revised, complaint, Cases.Catalogue, "rev-9", decidedAt, onAppeal: true);
            }
            catch (DomainRuleException ex)
            {
                refused++;
                // A revision the rules refuse is also refused by the case, when it breaks a bound; nothing is carried out.
                if (ex.Errors.Values.SelectMany(v => v).Any(m => m.Contains("in total", StringComparison.Ordinal) || m.Contains("cannot be undone", StringComparison.Ordinal)))
                    Assert.Throws<DomainRuleException>(() => complaint.DecideAppeal(revised, true, "rev-9", "Revised.", ["GEN-1"], decidedAt), $"pair {n}");
                Check(n, "refused revision", ledger, complaint);
                continue;
            }

            var before = ledger.Snapshot();
            var refundedBefore = complaint.RefundedSoFar;
            ledger.Apply(complaint.DecideAppeal(revised, true, "rev-9", "Revised.", ["GEN-1"], decidedAt));
            // What the appeal mail tells each party (Complaint.AppealChanges, rendered per party by the notifications).
            var told = complaint.AppealChanges()!;
            reversed++;
            Check(n, "reversal", ledger, complaint);

            var did = OutcomeChanges.Between(before, ledger.Snapshot(), refundedBefore);
            Assert.That(ledger.Paid.Last(), Is.EqualTo(told.RefundPaid), $"pair {n}: the refund paid on appeal is the one told");
            foreach (var party in new[] { complaint.BuyerId, complaint.SellerId })
                Assert.That(Describe(did.For(party)), Is.EqualTo(Describe(told.For(party))), $"pair {n}: what {party} is told");
            carried++;
        }

        TestContext.Out.WriteLine($"{Pairs} pairs: {reversed} revisions carried out, {confirmed} confirmations, {refused} revisions refused");
        Assert.That(carried, Is.GreaterThan(Pairs / 3), "most pairs carry out a revision");
        Assert.That(refused, Is.GreaterThan(0), "some revisions break a bound and are refused");
    }

    private static void Check(int n, string stage, Ledger ledger, Complaint complaint)
    {
        var expected = EffectiveOutcome.Of(complaint, complaint.CurrentDecision!.Outcomes);
        var actual = ledger.Snapshot();
        // A refund paid is never clawed back and a revision may not go below it: the ledger's total is the outcome's.
        Assert.That(actual.SameAs(expected), Is.True, $"pair {n} after the {stage}: ledger {actual} but outcome {expected}");
        Assert.That(ledger.Refunded, Is.EqualTo(complaint.RefundedSoFar), $"pair {n} after the {stage}: refunded so far");
        Assert.That(ledger.Refunded, Is.LessThanOrEqualTo(complaint.AmountPaid), $"pair {n}: never more than paid");
    }

    private static string Describe(OutcomeChanges c) =>
        $"paid {c.RefundPaid:0.00} of {c.RefundTotal:0.00}; cancelled {c.OrderCancelled}; removed [{string.Join(",", c.ItemsRemoved)}]; " +
        $"reinstated [{string.Join(",", c.ItemsReinstated)}]; measures [{string.Join(",", c.Measures.Select(m => $"{m.AccountId}:{m.Before?.Measure}:{m.Before?.Terms}->{m.After?.Measure}:{m.After?.Terms}"))}]; " +
        $"referred [{string.Join(",", c.ReferralsMade)}]; withdrawn [{string.Join(",", c.ReferralsWithdrawn)}]";

    private static Complaint FileOne(Random random, int n)
    {
        var items = random.Next(1, 4);
        var order = new Order($"ORD-{n}", "buyer-1", "seller-1", "EUR", Cases.Now.AddDays(-20), Cases.Now.AddDays(-20), Cases.Now.AddDays(-10), "TRACK",
            random.Next(0, 1500) / 100m, Enumerable.Range(1, items).Select(i => new OrderItem($"I{i}", $"L{i}", $"Item {i}", random.Next(100, 30000) / 100m)).ToList());
        var by = random.Next(5) == 0 ? "seller-1" : "buyer-1";
        return Complaint.File(Guid.NewGuid(), order, order.Items.Select(i => i.Id).ToList(), ComplaintCategory.NotAsDescribed, "Not as described.", "en", by,
            ContactChannelPolicy.Default.Recommend(items, "en", ComplaintCategory.NotAsDescribed, false), [], Cases.Now);
    }

    /// <summary>Any combination of outcomes, valid or not (the rules decide).</summary>
    private static IEnumerable<Outcome> Outcomes(Random random, Complaint complaint, DateTimeOffset now)
    {
        var any = false;
        switch (random.Next(4))
        {
            case 1: any = true; yield return new Outcome(OutcomeKind.FullRefund); break;
            case 2: any = true; yield return new Outcome(OutcomeKind.PartialRefund, Amount(random, complaint), "EUR"); break;
        }
        if (random.Next(5) == 0) { any = true; yield return new Outcome(OutcomeKind.OrderCancellation); }
        if (random.Next(2) == 0)
        {
            var items = complaint.ItemIds.Where(_ => random.Next(2) == 0).ToList();
            if (items.Count > 0) { any = true; yield return new Outcome(OutcomeKind.ItemRemoval, ItemIds: items); }
        }
        if (random.Next(2) == 0) { any = true; yield return Measure(random, random.Next(2) == 0 ? OutcomeKind.AccountSuspension : OutcomeKind.AccountRestriction, random.Next(2) == 0 ? complaint.SellerId : complaint.BuyerId, now); }
        if (random.Next(5) == 0) { any = true; yield return new Outcome(OutcomeKind.LawEnforcementReferral, ReferralCategory: random.Next(2) == 0 ? "counterfeit" : "fraud", Summary: "Summary."); }
        if (!any) yield return new Outcome(OutcomeKind.NoAction);
    }

    /// <summary>The original with some of its terms changed: a refund raised or lowered, an item kept, a measure's end moved or made permanent, a referral dropped.</summary>
    private static List<Outcome> Mutate(Random random, Complaint complaint, IReadOnlyList<Outcome> original, DateTimeOffset now)
    {
        var result = new List<Outcome>();
        foreach (var o in original)
        {
            switch (o.Kind)
            {
                case OutcomeKind.PartialRefund when random.Next(2) == 0:
                    result.Add(o with { Amount = Amount(random, complaint) });
                    break;
                case OutcomeKind.ItemRemoval when random.Next(2) == 0:
                    var kept = o.ItemIds!.Where(_ => random.Next(2) == 0).ToList();
                    if (kept.Count > 0) result.Add(o with { ItemIds = kept });
                    break;
                case OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction when random.Next(3) > 0:
                    result.Add(random.Next(3) switch
                    {
                        0 => o with { Permanent = !o.Permanent, Until = o.Permanent ? now.AddDays(random.Next(-5, 300)) : null },
                        1 => o with { Kind = o.Kind == OutcomeKind.AccountSuspension ? OutcomeKind.AccountRestriction : OutcomeKind.AccountSuspension },
                        _ => o with { Until = o.Permanent ? null : now.AddDays(random.Next(-5, 300)) },
                    });
                    break;
                case OutcomeKind.LawEnforcementReferral when random.Next(2) == 0:
                    break;
                default:
                    result.Add(o);
                    break;
            }
        }
        if (random.Next(3) == 0 && result.All(o => o.Kind is not (OutcomeKind.FullRefund or OutcomeKind.PartialRefund)))
            result.Add(new Outcome(OutcomeKind.PartialRefund, Amount(random, complaint), "EUR"));
        result.RemoveAll(o => o.Kind == OutcomeKind.NoAction && result.Count > 1);
        if (result.Count == 0) result.Add(new Outcome(OutcomeKind.NoAction));
        return result;
    }

    private static decimal Amount(Random random, Complaint complaint) =>
        Math.Max(0.01m, decimal.Round(complaint.AmountPaid * (decimal)(random.NextDouble() * 1.3), 2));

    private static Outcome Measure(Random random, OutcomeKind kind, string account, DateTimeOffset now) =>
        random.Next(3) == 0 ? new Outcome(kind, AccountId: account, Permanent: true) : new Outcome(kind, AccountId: account, Until: now.AddDays(random.Next(1, 400)));

    /// <summary>The marketplace as the effects leave it; refuses an effect that does not fit its state.</summary>
    private sealed class Ledger(Complaint complaint)
    {
        private readonly SortedSet<string> removed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, AccountMeasure> measures = new(StringComparer.Ordinal);
        private readonly SortedSet<string> referrals = new(StringComparer.Ordinal);
        private bool cancelled;

        public decimal Held { get; private set; }
        public decimal Refunded { get; private set; }
        public List<decimal> Paid { get; } = [];

        public void Apply(IEnumerable<PlannedEffect> effects)
        {
            decimal paid = 0;
            foreach (var e in effects)
            {
                Assert.That(e.Data["complaintId"], Is.EqualTo(complaint.Id.ToString()));
                switch (e.Kind)
                {
                    case EffectKinds.HoldFunds: Held += Money(e); break;
                    case EffectKinds.ReleaseHold: Held -= Money(e); Assert.That(Held, Is.GreaterThanOrEqualTo(0m), "released more than held"); break;
                    case EffectKinds.Refund:
                        var fromHold = decimal.Parse(e.Data["fromHold"], CultureInfo.InvariantCulture);
                        Assert.That(fromHold, Is.LessThanOrEqualTo(Held).And.LessThanOrEqualTo(Money(e)), "a refund takes from the hold at most what is held");
                        Held -= fromHold; Refunded += Money(e); paid += Money(e);
                        break;
                    case EffectKinds.CancelOrder: Assert.That(cancelled, Is.False, "cancelled twice"); cancelled = true; break;
                    case EffectKinds.RemoveListing: Assert.That(removed.Add(e.Data["itemId"]), Is.True, "removed twice"); break;
                    case EffectKinds.ReinstateListing: Assert.That(removed.Remove(e.Data["itemId"]), Is.True, "reinstated what was not removed"); break;
                    case EffectKinds.SuspendAccount or EffectKinds.RestrictAccount:
                        Assert.That(measures.ContainsKey(e.Data["accountId"]), Is.False, "a second measure on one account");
                        measures[e.Data["accountId"]] = MeasureOf(e.Data["accountId"], e.Kind == EffectKinds.SuspendAccount ? OutcomeKind.AccountSuspension : OutcomeKind.AccountRestriction, e.Data["until"]);
                        break;
                    case EffectKinds.LiftAccountSuspension or EffectKinds.LiftAccountRestriction:
                        Assert.That(measures.TryGetValue(e.Data["accountId"], out var lifted) && lifted.Kind == (e.Kind == EffectKinds.LiftAccountSuspension ? OutcomeKind.AccountSuspension : OutcomeKind.AccountRestriction),
                            Is.True, "lifted a measure that is not there");
                        measures.Remove(e.Data["accountId"]);
                        break;
                    case EffectKinds.UpdateAccountMeasure:
                        Assert.That(measures.TryGetValue(e.Data["accountId"], out var current) && current.Measure == e.Data["measure"], Is.True, "updated a measure that is not there");
                        measures[e.Data["accountId"]] = MeasureOf(e.Data["accountId"], current!.Kind, e.Data["until"]);
                        break;
                    case EffectKinds.ReferToLawEnforcement: Assert.That(referrals.Add(e.Data["category"]), Is.True, "referred twice"); break;
                    case EffectKinds.WithdrawReferral: Assert.That(referrals.Remove(e.Data["category"]), Is.True, "withdrew what was not referred"); break;
                    default: Assert.Fail($"unexpected effect {e.Kind}"); break;
                }
            }
            Paid.Add(paid);
        }

        public EffectiveOutcome Snapshot() => new(Refunded, cancelled, [.. removed], [.. measures.Values.OrderBy(m => m.AccountId, StringComparer.Ordinal)], [.. referrals]);

        private static decimal Money(PlannedEffect e) => decimal.Parse(e.Data["amount"], CultureInfo.InvariantCulture);

        private static AccountMeasure MeasureOf(string account, OutcomeKind kind, string until) =>
            until == "permanent" ? new AccountMeasure(account, kind, null, true) : new AccountMeasure(account, kind, DateTimeOffset.Parse(until, CultureInfo.InvariantCulture), false);
    }
}
