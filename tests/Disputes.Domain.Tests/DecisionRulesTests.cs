using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Tests;

public sealed class DecisionRulesTests
{
    private static IReadOnlyDictionary<string, string[]> Errors(DecisionDraft draft, Complaint? complaint = null, string decider = "rev-1")
    {
        var ex = Assert.Throws<DomainRuleException>(() => DecisionRules.Validate(draft, complaint ?? Cases.Filed(), Cases.Catalogue, decider, Cases.Now));
        return ex!.Errors;
    }

    [Test]
    public void A_valid_combination_passes()
    {
        var complaint = Cases.Filed(ComplaintCategory.Counterfeit);
        var draft = new DecisionDraft(
            [new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"]),
             new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Until: Cases.Now.AddDays(30))],
            ["BP-4.1", "IP-1.1"], "Facts.", "Reasons.");

        Assert.DoesNotThrow(() => DecisionRules.Validate(draft, complaint, Cases.Catalogue, "exp-1", Cases.Now));
    }

    [Test]
    public void A_restriction_or_suspension_ending_before_now_is_refused_naming_the_field()
    {
        var errors = Errors(Cases.Draft(new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Until: Cases.Now.AddDays(-1))));
        Assert.That(errors.Keys, Is.EqualTo(new[] { "outcomes[0].until" }));
        Assert.That(errors["outcomes[0].until"][0], Does.Contain("has passed"));
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Until: Cases.Now))).Keys, Is.EqualTo(new[] { "outcomes[0].until" }));
    }

    [Test]
    public void A_partial_refund_above_what_was_paid_is_refused_with_the_limit()
    {
        // paid: 2 × 40 + 10 shipping = 90
        var errors = Errors(Cases.Draft(new Outcome(OutcomeKind.PartialRefund, 90.01m, "EUR")));
        Assert.That(errors["outcomes[0].amount"][0], Does.Contain("At most 90.00 EUR"));
        Assert.DoesNotThrow(() => DecisionRules.Validate(Cases.Draft(new Outcome(OutcomeKind.PartialRefund, 90m, "EUR")), Cases.Filed(), Cases.Catalogue, "rev-1", Cases.Now));
    }

    [TestCase(0, TestName = "Partial refund of zero")]
    [TestCase(-5, TestName = "Negative partial refund")]
    public void A_partial_refund_needs_a_positive_amount(decimal amount) =>
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.PartialRefund, amount, "EUR"))), Does.ContainKey("outcomes[0].amount"));

    [Test]
    public void A_partial_refund_in_another_currency_is_refused() =>
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.PartialRefund, 10m, "USD"))), Does.ContainKey("outcomes[0].currency"));

    [Test]
    public void A_partial_refund_with_more_than_two_decimals_is_refused() =>
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.PartialRefund, 10.005m, "EUR")))["outcomes[0].amount"][0], Does.Contain("two decimals"));

    public static IEnumerable<TestCaseData> NonsenseCombinations()
    {
        yield return new TestCaseData((object)new[] { new Outcome(OutcomeKind.NoAction), new Outcome(OutcomeKind.FullRefund) }).SetName("No action with a refund");
        yield return new TestCaseData((object)new[] { new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.PartialRefund, 5m, "EUR") }).SetName("Full and partial refund");
        yield return new TestCaseData((object)new[] { new Outcome(OutcomeKind.OrderCancellation), new Outcome(OutcomeKind.PartialRefund, 5m, "EUR") }).SetName("Cancellation with a partial refund");
        yield return new TestCaseData((object)new[] { new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.FullRefund) }).SetName("The same outcome twice");
        yield return new TestCaseData((object)new[]
        {
            new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Permanent: true),
            new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Permanent: true),
        }).SetName("Suspend and restrict the same account");
        yield return new TestCaseData((object)Array.Empty<Outcome>()).SetName("No outcome at all");
    }

    [TestCaseSource(nameof(NonsenseCombinations))]
    public void Combinations_that_make_no_sense_are_refused_with_a_reason(Outcome[] outcomes)
    {
        var errors = Errors(Cases.Draft(outcomes));
        Assert.That(errors, Does.ContainKey("outcomes"));
        Assert.That(errors["outcomes"][0], Is.Not.Empty);
    }

    [Test]
    public void A_suspension_names_an_account_of_the_case_and_a_duration_or_permanent()
    {
        var errors = Errors(Cases.Draft(new Outcome(OutcomeKind.AccountSuspension, AccountId: "someone-else")));
        Assert.That(errors, Does.ContainKey("outcomes[0].accountId"));
        Assert.That(errors, Does.ContainKey("outcomes[0].until"));
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Until: Cases.Now.AddDays(7), Permanent: true))),
            Does.ContainKey("outcomes[0].until"));
    }

    [Test]
    public void A_referral_has_a_category_and_a_summary()
    {
        var errors = Errors(Cases.Draft(new Outcome(OutcomeKind.LawEnforcementReferral, ReferralCategory: "theft")));
        Assert.That(errors, Does.ContainKey("outcomes[0].referralCategory"));
        Assert.That(errors, Does.ContainKey("outcomes[0].summary"));
    }

    [Test]
    public void An_item_removal_names_items_of_the_complaint() =>
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I9"])))["outcomes[0].itemIds"][0], Does.Contain("I9"));

    [Test]
    public void Every_decision_cites_a_known_clause_that_grounds_each_outcome()
    {
        var none = new DecisionDraft([new Outcome(OutcomeKind.FullRefund)], [], "f", "r");
        Assert.That(Errors(none), Does.ContainKey("clauses"));

        var unknown = new DecisionDraft([new Outcome(OutcomeKind.FullRefund)], ["XX-9"], "f", "r");
        Assert.That(Errors(unknown)["clauses"][0], Does.Contain("XX-9").And.Contain("2026-11"));

        var wrongGround = new DecisionDraft([new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"])], ["BP-4.1"], "f", "r");
        Assert.That(Errors(wrongGround)["clauses"][0], Does.Contain("item-removal"));
    }

    [Test]
    public void Facts_and_reasons_are_required()
    {
        var errors = Errors(new DecisionDraft([new Outcome(OutcomeKind.NoAction)], ["GEN-1"], " ", null));
        Assert.That(errors, Does.ContainKey("facts"));
        Assert.That(errors, Does.ContainKey("reasons"));
    }

    [TestCase("system")]
    [TestCase("timer")]
    [TestCase("")]
    public void An_automated_decider_is_refused(string decider) =>
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.NoAction)), decider: decider), Does.ContainKey("decidedBy"));

    [Test]
    public void A_draft_marked_automated_is_refused() =>
        Assert.That(Errors(Cases.Draft(new Outcome(OutcomeKind.NoAction)) with { Automated = true })["automated"][0], Does.Contain("Art. 20(6)"));

    [Test]
    public void Suspension_and_referral_need_a_second_expert_and_nothing_else_does()
    {
        Decision With(params Outcome[] o) => new(1, DecisionStage.Expert, o, ["GEN-1"], "f", "r", "exp-1", Cases.Now, DecisionStatus.Effective);
        Assert.That(With(new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Permanent: true)).NeedsSecondApproval, Is.True);
        Assert.That(With(new Outcome(OutcomeKind.LawEnforcementReferral, ReferralCategory: "fraud", Summary: "s")).NeedsSecondApproval, Is.True);
        Assert.That(With(new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-1", Permanent: true)).NeedsSecondApproval, Is.False);
        Assert.That(With(new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"])).NeedsSecondApproval, Is.False);
    }
}
