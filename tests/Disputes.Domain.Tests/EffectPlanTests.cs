using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Tests;

public sealed class EffectPlanTests
{
    private static (Complaint Complaint, Decision Decision, IReadOnlyList<PlannedEffect> Effects) Decided(params Outcome[] outcomes)
    {
        var complaint = Cases.Filed(ComplaintCategory.Counterfeit);
        var decision = complaint.Decide(Cases.Draft(outcomes), DecisionStage.Expert, "exp-1", Cases.Now);
        if (decision.NeedsSecondApproval) decision = complaint.Approve("exp-2", Cases.Now);
        var effects = complaint.MakeEffective(decision, Cases.Now.AddMonths(6), Cases.Now);
        return (complaint, complaint.CurrentDecision!, effects);
    }

    [Test]
    public void Each_outcome_becomes_its_effect()
    {
        var (_, _, effects) = Decided(
            new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.OrderCancellation), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1", "I2"]),
            new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Permanent: true),
            new Outcome(OutcomeKind.LawEnforcementReferral, ReferralCategory: "counterfeit", Summary: "Fake watches."));

        Assert.That(effects.Select(e => e.Kind), Is.EqualTo(new[] { "refund", "cancel-order", "remove-listing", "remove-listing", "suspend-account", "refer-to-law-enforcement" }));
        Assert.That(effects[0].Data["amount"], Is.EqualTo("90.00"));
        Assert.That(effects[2].Data["listingId"], Is.EqualTo("L1"));
        Assert.That(effects[4].Data["until"], Is.EqualTo("permanent"));
    }

    [Test]
    public void No_action_has_no_effect() => Assert.That(Decided(new Outcome(OutcomeKind.NoAction)).Effects, Is.Empty);

    [Test]
    public void A_restriction_carries_its_end_date()
    {
        var until = Cases.Now.AddDays(30);
        var effect = Decided(new Outcome(OutcomeKind.AccountRestriction, AccountId: "buyer-1", Until: until)).Effects.Single();
        Assert.That(effect.Kind, Is.EqualTo("restrict-account"));
        Assert.That(DateTimeOffset.Parse(effect.Data["until"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(until));
    }

    [Test]
    public void A_reversal_compensates_and_never_pays_a_refund_twice()
    {
        var (complaint, _, effects) = Decided(new Outcome(OutcomeKind.PartialRefund, 30m, "EUR"), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"]),
            new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Permanent: true));
        Assert.That(effects.Single(e => e.Kind == "refund").Data["amount"], Is.EqualTo("30.00"));
        complaint.Appeal("buyer-1", "I want everything back.", Cases.Now.AddDays(1));

        // Revised: a full refund (90 paid, 30 already refunded: 60 is due), no removal, no suspension.
        var revised = new DecisionDraft([new Outcome(OutcomeKind.FullRefund)], ["BP-4.1"], "f", "r");
        var reversal = complaint.DecideAppeal(revised, true, "rev-9", "The seller was right about the listing.", ["BP-4.1"], Cases.Now.AddDays(2));

        Assert.That(reversal.Select(e => e.Kind), Is.EquivalentTo(new[] { "reinstate-listing", "lift-account-suspension", "refund" }));
        Assert.That(reversal.Single(e => e.Kind == "refund").Data["amount"], Is.EqualTo("60.00"));
        Assert.That(complaint.RefundedSoFar, Is.EqualTo(90m));
    }

    [Test]
    public void A_reversal_that_restates_the_refund_already_paid_pays_nothing_more()
    {
        var (complaint, _, _) = Decided(new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I2"]));
        complaint.Appeal("seller-1", "The listing was fine.", Cases.Now.AddDays(1));

        var reversal = complaint.DecideAppeal(new DecisionDraft([new Outcome(OutcomeKind.FullRefund)], ["BP-4.1"], "f", "r"), true, "rev-9", "Refund stands, listing back.", ["BP-4.1"], Cases.Now.AddDays(2));

        Assert.That(reversal.Select(e => e.Kind), Is.EqualTo(new[] { "reinstate-listing" }));
    }

    [Test]
    public void A_reversed_referral_is_withdrawn_and_a_reversed_restriction_lifted()
    {
        var (complaint, _, _) = Decided(new Outcome(OutcomeKind.LawEnforcementReferral, ReferralCategory: "counterfeit", Summary: "s"),
            new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Permanent: true));
        complaint.Appeal("seller-1", "Genuine goods; here is the invoice.", Cases.Now.AddDays(1));

        var reversal = complaint.DecideAppeal(null, true, "rev-9", "The invoice proves the goods genuine.", ["IP-1.1"], Cases.Now.AddDays(2));

        Assert.That(reversal.Select(e => e.Kind), Is.EquivalentTo(new[] { "withdraw-referral", "lift-account-restriction" }));
        Assert.That(complaint.Decisions.Select(d => d.Status), Is.EqualTo(new[] { DecisionStatus.Reversed, DecisionStatus.Effective }));
    }
}
