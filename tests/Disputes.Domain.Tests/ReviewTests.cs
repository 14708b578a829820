using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Review;

namespace Disputes.Domain.Tests;

public sealed class ReviewTests
{
    private static readonly EscalationPolicy Escalation = new(new Dictionary<string, decimal> { ["EUR"] = 500m, ["PLN"] = 2000m });

    [TestCase(ComplaintCategory.Counterfeit, 10, "EUR", 1)]
    [TestCase(ComplaintCategory.Fraud, 10, "EUR", 1)]
    [TestCase(ComplaintCategory.Damaged, 500, "EUR", 0, TestName = "At the threshold: no expert")]
    [TestCase(ComplaintCategory.Damaged, 500.01, "EUR", 1, TestName = "Above the threshold: expert")]
    [TestCase(ComplaintCategory.Damaged, 600, "PLN", 0, TestName = "Thresholds are per currency")]
    [TestCase(ComplaintCategory.Counterfeit, 9000, "EUR", 2, TestName = "Both reasons")]
    [TestCase(ComplaintCategory.Other, 9000, "JPY", 0, TestName = "No threshold configured for the currency")]
    public void Case_reasons_for_an_expert(ComplaintCategory category, decimal value, string currency, int reasons) =>
        Assert.That(Escalation.CaseReasons(category, value, currency), Has.Count.EqualTo(reasons));

    [Test]
    public void Suspension_restriction_and_referral_are_for_experts()
    {
        Assert.That(EscalationPolicy.OutcomeReasons([new Outcome(OutcomeKind.AccountSuspension), new Outcome(OutcomeKind.AccountRestriction), new Outcome(OutcomeKind.LawEnforcementReferral)]), Has.Count.EqualTo(3));
        Assert.That(EscalationPolicy.OutcomeReasons([new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.ItemRemoval), new Outcome(OutcomeKind.OrderCancellation)]), Is.Empty);
    }

    private static readonly Candidate[] Reviewers = [new("rev-a", 3), new("rev-b", 1), new("rev-c", 1), new("buyer-1", 0)];

    [Test]
    public void The_least_loaded_eligible_reviewer_gets_the_case_ties_by_id() =>
        Assert.That(ReviewerAssignment.Choose(Reviewers, ["buyer-1", "seller-1"], [], [])!.Id, Is.EqualTo("rev-b"));

    [Test]
    public void Never_a_party_never_a_declared_conflict_never_an_excluded_participant()
    {
        ConflictDeclaration[] conflicts = [new("rev-b", "seller-1", "Former colleague", Cases.Now), new("rev-a", "someone-else", "x", Cases.Now)];
        Assert.That(ReviewerAssignment.Choose(Reviewers, ["buyer-1", "seller-1"], conflicts, [])!.Id, Is.EqualTo("rev-c"));
        Assert.That(ReviewerAssignment.Choose(Reviewers, ["buyer-1", "seller-1"], conflicts, ["rev-c"])!.Id, Is.EqualTo("rev-a"));
        Assert.That(ReviewerAssignment.Choose(Reviewers, ["buyer-1", "seller-1"], conflicts, ["rev-c", "rev-a"]), Is.Null);

        Assert.That(ReviewerAssignment.WhyNot("buyer-1", ["buyer-1", "seller-1"], conflicts, []), Does.Contain("party"));
        Assert.That(ReviewerAssignment.WhyNot("rev-b", ["buyer-1", "seller-1"], conflicts, []), Does.Contain("Former colleague"));
        Assert.That(ReviewerAssignment.WhyNot("rev-c", ["buyer-1", "seller-1"], conflicts, ["rev-c"]), Does.Contain("decision under appeal"));
        Assert.That(ReviewerAssignment.WhyNot("rev-a", ["buyer-1", "seller-1"], conflicts, []), Is.Null);
    }
}
