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
    public void No_action_only_releases_the_hold() =>
        Assert.That(Decided(new Outcome(OutcomeKind.NoAction)).Effects.Select(e => (e.Kind, e.Data["amount"])), Is.EqualTo(new[] { ("release-hold", "90.00") }));

    [Test]
    public void A_restriction_carries_its_end_date()
    {
        var until = Cases.Now.AddDays(30);
        var effect = Decided(new Outcome(OutcomeKind.AccountRestriction, AccountId: "buyer-1", Until: until)).Effects.Single(e => e.Kind != "release-hold");
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

    [Test]
    public void A_restriction_shortened_on_appeal_updates_its_terms_at_the_marketplace()
    {
        var (complaint, _, _) = Decided(new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Until: new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        complaint.Appeal("seller-1", "Too long.", Cases.Now.AddDays(1));

        var shortened = new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Until: new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var effects = complaint.DecideAppeal(new DecisionDraft([shortened], ["IP-1.1"], "f", "r"), true, "rev-9", "One month is enough.", ["IP-1.1"], Cases.Now.AddDays(2));

        var update = effects.Single();
        Assert.That((update.Kind, update.Data["accountId"], update.Data["measure"]), Is.EqualTo(("update-account-measure", "seller-1", "restriction")));
        Assert.That(DateTimeOffset.Parse(update.Data["until"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(shortened.Until));
    }

    [Test]
    public void An_appeal_that_keeps_one_of_two_removed_items_reinstates_the_other()
    {
        var (complaint, _, _) = Decided(new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1", "I2"]));
        complaint.Appeal("seller-1", "I2 is genuine.", Cases.Now.AddDays(1));

        var effects = complaint.DecideAppeal(new DecisionDraft([new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"])], ["IP-1.1"], "f", "r"), true, "rev-9", "I2 is genuine.", ["IP-1.1"], Cases.Now.AddDays(2));

        Assert.That(effects.Select(e => (e.Kind, e.Data["itemId"])), Is.EqualTo(new[] { ("reinstate-listing", "I2") }));
    }

    [Test]
    public void A_revised_refund_is_the_total_and_pays_only_the_difference_within_what_was_paid()
    {
        var (complaint, _, _) = Decided(new Outcome(OutcomeKind.PartialRefund, 30m, "EUR"));
        complaint.Appeal("buyer-1", "More.", Cases.Now.AddDays(1));

        var beyond = new DecisionDraft([new Outcome(OutcomeKind.PartialRefund, 95m, "EUR")], ["BP-4.1"], "f", "r");
        var ex = Assert.Throws<DomainRuleException>(() => DecisionRules.Validate(beyond, complaint, Cases.Catalogue, "rev-9", Cases.Now.AddDays(2), onAppeal: true));
        Assert.That(ex!.Errors["outcomes[0].amount"].Single(), Is.EqualTo("At most 90.00 EUR in total can be refunded: 30.00 EUR already refunded, so at most 60.00 EUR more."));
        Assert.Throws<DomainRuleException>(() => complaint.DecideAppeal(beyond, true, "rev-9", "r", ["BP-4.1"], Cases.Now.AddDays(2)), "the case refuses it too");

        var below = new DecisionDraft([new Outcome(OutcomeKind.NoAction)], ["GEN-1"], "f", "r");
        ex = Assert.Throws<DomainRuleException>(() => DecisionRules.Validate(below, complaint, Cases.Catalogue, "rev-9", Cases.Now.AddDays(2), onAppeal: true));
        Assert.That(ex!.Errors["outcomes"].Single(), Does.StartWith("30.00 EUR was already refunded and is not clawed back"));

        var effects = complaint.DecideAppeal(new DecisionDraft([new Outcome(OutcomeKind.PartialRefund, 75m, "EUR")], ["BP-4.1"], "f", "r"), true, "rev-9", "r", ["BP-4.1"], Cases.Now.AddDays(2));
        Assert.That(effects.Select(e => (e.Kind, e.Data["amount"], e.Data["fromHold"])), Is.EqualTo(new[] { ("refund", "45.00", "0.00") }));
        Assert.That(complaint.RefundedSoFar, Is.EqualTo(75m));
    }

    [Test]
    public void A_suspension_turned_into_a_restriction_is_lifted_and_the_restriction_imposed()
    {
        var (complaint, _, _) = Decided(new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Permanent: true));
        complaint.Appeal("seller-1", "Too harsh.", Cases.Now.AddDays(1));

        var effects = complaint.DecideAppeal(new DecisionDraft([new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Permanent: true)], ["IP-1.1"], "f", "r"),
            true, "rev-9", "A restriction is enough.", ["IP-1.1"], Cases.Now.AddDays(2));

        Assert.That(effects.Select(e => e.Kind), Is.EqualTo(new[] { "lift-account-suspension", "restrict-account" }));
    }
}
