using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Tests;

public sealed class ComplaintTests
{
    [Test]
    public void Only_a_party_files_and_only_about_items_of_the_order()
    {
        var order = Cases.Order();
        var ex = Assert.Throws<DomainRuleException>(() => Complaint.File(Guid.NewGuid(), order, ["I1", "I7", "I1"], ComplaintCategory.Damaged, "", "xx", "stranger",
            ContactChannelPolicy.Default.Recommend(1, "en", ComplaintCategory.Damaged, false), [], Cases.Now));
        Assert.That(ex!.Errors.Keys, Is.EquivalentTo(new[] { "orderId", "itemIds", "description", "language" }));
    }

    [Test]
    public void A_repeat_is_the_same_order_items_and_category_while_open()
    {
        var complaint = Cases.Filed();
        Assert.That(complaint.IsRepeatOf("ORD-1", ["I2", "I1"], ComplaintCategory.NotAsDescribed), Is.True);
        Assert.That(complaint.IsRepeatOf("ORD-1", ["I1"], ComplaintCategory.NotAsDescribed), Is.False, "fewer items");
        Assert.That(complaint.IsRepeatOf("ORD-1", ["I1", "I2"], ComplaintCategory.Damaged), Is.False, "another category");
        Assert.That(Complaint.RepeatKeyOf("ORD-1", ComplaintCategory.Damaged, ["I2", "I1"]), Is.EqualTo(Complaint.RepeatKeyOf("ORD-1", ComplaintCategory.Damaged, ["I1", "I2"])));

        var filedAt = complaint.FiledAt;
        complaint.AttachRepeatFiling("buyer-1", "Still waiting!", Cases.Now.AddDays(2));
        Assert.That(complaint.Messages.Select(m => m.Kind), Is.EqualTo(new[] { MessageKind.Statement, MessageKind.RepeatFiling }));
        Assert.That(complaint.FiledAt, Is.EqualTo(filedAt), "a repeat restarts nothing");

        complaint.Close(Cases.Now.AddDays(3));
        Assert.That(complaint.IsRepeatOf("ORD-1", ["I1", "I2"], ComplaintCategory.NotAsDescribed), Is.False, "a closed case is not repeated");
    }

    [Test]
    public void A_settlement_is_offered_by_the_respondent_and_answered_by_the_complainant()
    {
        var complaint = Cases.Filed();
        Assert.Throws<CaseAccessDeniedException>(() => complaint.OfferSettlement("buyer-1", 10m, "EUR", null, Cases.Now));
        Assert.Throws<DomainRuleException>(() => complaint.OfferSettlement("seller-1", 95m, "EUR", null, Cases.Now));
        complaint.OfferSettlement("seller-1", 30m, "EUR", null, Cases.Now);
        Assert.Throws<CaseAccessDeniedException>(() => complaint.AnswerSettlement("seller-1", true, Cases.Now));

        var effects = complaint.AnswerSettlement("buyer-1", true, Cases.Now);

        Assert.That(effects.Select(e => (e.Kind, e.Data["amount"])), Is.EqualTo(new[] { ("refund", "30.00"), ("release-hold", "60.00") }),
            "the refund is paid from the 90.00 held since filing, the rest is released to the seller");
        Assert.That(effects[0].Data["fromHold"], Is.EqualTo("30.00"));
        Assert.That(complaint.Status, Is.EqualTo(ComplaintStatus.Settled));
        Assert.That(complaint.RefundableAmount, Is.EqualTo(60m));
    }

    [Test]
    public void A_party_never_decides_and_the_decider_never_approves()
    {
        var complaint = Cases.Filed(ComplaintCategory.Counterfeit);
        Assert.Throws<CaseAccessDeniedException>(() => complaint.Decide(Cases.Draft(new Outcome(OutcomeKind.NoAction)), DecisionStage.Review, "seller-1", Cases.Now));

        var decision = complaint.Decide(Cases.Draft(new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Permanent: true)), DecisionStage.Expert, "exp-1", Cases.Now);
        Assert.That(decision.Status, Is.EqualTo(DecisionStatus.AwaitingApproval));
        Assert.Throws<CaseAccessDeniedException>(() => complaint.Approve("exp-1", Cases.Now));
        Assert.Throws<CaseAccessDeniedException>(() => complaint.Approve("buyer-1", Cases.Now));

        var approved = complaint.Approve("exp-2", Cases.Now);
        Assert.That(approved.ApprovedBy, Is.EqualTo("exp-2"));
        Assert.That(complaint.DecisionParticipants, Is.EquivalentTo(new[] { "exp-1", "exp-2" }));
    }

    [Test]
    public void A_rejected_decision_is_kept_with_its_reason_and_the_case_stays_open()
    {
        var complaint = Cases.Filed(ComplaintCategory.Fraud);
        complaint.Decide(Cases.Draft(new Outcome(OutcomeKind.LawEnforcementReferral, ReferralCategory: "fraud", Summary: "s")), DecisionStage.Expert, "exp-1", Cases.Now);

        complaint.Reject("exp-2", "Not enough evidence of intent.", Cases.Now);

        Assert.That(complaint.Decisions.Single().Status, Is.EqualTo(DecisionStatus.Rejected));
        Assert.That(complaint.Decisions.Single().RejectionReason, Is.EqualTo("Not enough evidence of intent."));
        Assert.That(complaint.CurrentDecision, Is.Null);
        Assert.That(complaint.Status, Is.EqualTo(ComplaintStatus.Open));
    }

    [Test]
    public void An_appeal_comes_from_a_party_within_the_window_and_is_reviewed_by_someone_new()
    {
        var complaint = Cases.Filed();
        var decision = complaint.Decide(Cases.Draft(new Outcome(OutcomeKind.FullRefund)), DecisionStage.Review, "rev-1", Cases.Now);
        complaint.MakeEffective(decision, Cases.Now.AddDays(30), Cases.Now);

        Assert.Throws<CaseAccessDeniedException>(() => complaint.Appeal("rev-1", "no", Cases.Now.AddDays(1)));
        Assert.That(Assert.Throws<CaseStateException>(() => complaint.Appeal("seller-1", "no", Cases.Now.AddDays(31)))!.Message, Does.Contain("window closed"));

        complaint.Appeal("seller-1", "The item was as described.", Cases.Now.AddDays(29));
        Assert.That(complaint.Status, Is.EqualTo(ComplaintStatus.UnderAppeal));
        Assert.Throws<CaseAccessDeniedException>(() => complaint.DecideAppeal(null, false, "rev-1", "Confirmed.", ["GEN-1"], Cases.Now.AddDays(30)));

        complaint.DecideAppeal(null, false, "rev-2", "Confirmed.", ["GEN-1"], Cases.Now.AddDays(30));
        Assert.That(complaint.Status, Is.EqualTo(ComplaintStatus.Closed));
        Assert.Throws<CaseStateException>(() => complaint.AddMessage("buyer-1", "buyer", "hello?", [], Cases.Now.AddDays(31)));
    }
}
