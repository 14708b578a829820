using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Redress;

namespace Disputes.Domain.Tests;

/// <summary>Every row of the redress table, reached from a case: the party and decision it classifies into, and the routes offered.</summary>
public sealed class RedressTableTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Cases.Now.UtcDateTime);
    private static readonly Signposting Signposting = new([
        new("adr-nl", "ADR NL", RedressKind.ConsumerAdr, "NL", null, null, null, null, null),
        new("dsa-ie", "DSA IE", RedressKind.DsaOutOfCourt, "IE", null, null, new DateOnly(2024, 1, 1), null, null),
        new("cedr", "CEDR", RedressKind.Mediator, "GB", null, null, null, null, null),
        new("acm", "ACM ConsuWijzer", RedressKind.ConsumerAuthority, "NL", "https://www.consuwijzer.nl", null, null, null, null),
    ]);

    private static readonly Account Buyer = new("buyer-1", "B", "b@x.test", "nl", "NL", AccountKind.Consumer, []);
    private static readonly Account BusinessBuyer = Buyer with { Kind = AccountKind.Business };
    private static readonly Account Seller = new("seller-1", "S", "s@x.test", "nl", "NL", AccountKind.Business, ["adr-nl"]);
    private static readonly Account ConsumerSeller = Seller with { Kind = AccountKind.Consumer };

    public static IEnumerable<TestCaseData> Rows()
    {
        // party, decision, stage: (category, outcome of the decision or null, who looks, the seller, appeal decided) => routes
        TestCaseData Row(RedressParty p, RedressDecision d, RedressStage s, ComplaintCategory category, Outcome? outcome, Account party, Account seller, string[] routes) =>
            new TestCaseData(p, d, s, category, outcome, party, seller, routes).SetName($"{p} x {d} x {s}");
        var refund = new Outcome(OutcomeKind.FullRefund);
        var removal = new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"]);
        var noAction = new Outcome(OutcomeKind.NoAction);
        const ComplaintCategory Nad = ComplaintCategory.NotAsDescribed, Fake = ComplaintCategory.Counterfeit;

        yield return Row(RedressParty.Consumer, RedressDecision.Transaction, RedressStage.Open, Nad, null, Buyer, Seller, ["consumer-adr:adr-nl", "consumer-authority:acm", "courts"]);
        yield return Row(RedressParty.Business, RedressDecision.Transaction, RedressStage.Open, Nad, null, Seller, Seller, ["mediator:cedr", "courts"]);
        yield return Row(RedressParty.Notifier, RedressDecision.Notice, RedressStage.Open, Fake, null, Buyer, Seller, ["courts"]);

        yield return Row(RedressParty.Consumer, RedressDecision.Transaction, RedressStage.Decided, Nad, refund, Buyer, Seller, ["appeal:P30D", "consumer-adr:adr-nl", "consumer-authority:acm", "courts"]);
        yield return Row(RedressParty.Consumer, RedressDecision.Restriction, RedressStage.Decided, Nad, removal, ConsumerSeller, ConsumerSeller, ["appeal:P6M", "dsa-body:dsa-ie", "consumer-authority:acm", "courts"]);
        yield return Row(RedressParty.Business, RedressDecision.Transaction, RedressStage.Decided, Nad, refund, Seller, Seller, ["appeal:P30D", "mediator:cedr", "courts"]);
        yield return Row(RedressParty.Business, RedressDecision.Restriction, RedressStage.Decided, Nad, removal, Seller, Seller, ["appeal:P6M", "dsa-body:dsa-ie", "mediator:cedr", "courts"]);
        yield return Row(RedressParty.Notifier, RedressDecision.Notice, RedressStage.Decided, Fake, noAction, Buyer, Seller, ["appeal:P6M", "dsa-body:dsa-ie", "courts"]);

        yield return Row(RedressParty.Consumer, RedressDecision.Transaction, RedressStage.Final, Nad, refund, Buyer, Seller, ["consumer-adr:adr-nl", "consumer-authority:acm", "courts"]);
        yield return Row(RedressParty.Consumer, RedressDecision.Restriction, RedressStage.Final, Nad, removal, ConsumerSeller, ConsumerSeller, ["dsa-body:dsa-ie", "consumer-authority:acm", "courts"]);
        yield return Row(RedressParty.Business, RedressDecision.Transaction, RedressStage.Final, Nad, refund, Seller, Seller, ["mediator:cedr", "courts"]);
        yield return Row(RedressParty.Business, RedressDecision.Restriction, RedressStage.Final, Nad, removal, Seller, Seller, ["dsa-body:dsa-ie", "mediator:cedr", "courts"]);
        yield return Row(RedressParty.Notifier, RedressDecision.Notice, RedressStage.Final, Fake, noAction, Buyer, Seller, ["dsa-body:dsa-ie", "courts"]);
    }

    [TestCaseSource(nameof(Rows))]
    public void Each_row_is_reached_from_a_case_and_offers_its_routes(
        RedressParty party, RedressDecision decisionKind, RedressStage stage, ComplaintCategory category, Outcome? outcome, Account account, Account seller, string[] routes)
    {
        var complaint = Cases.Filed(category);
        Decision? decision = null;
        if (outcome is not null)
        {
            decision = complaint.Decide(Cases.Draft(outcome), DecisionStage.Expert, "exp-1", Cases.Now);
            var window = RedressTable.WindowFor(complaint, decision) == InternalComplaint.SixMonthsDsa ? Cases.Now.AddMonths(6) : Cases.Now.AddDays(30);
            complaint.MakeEffective(decision, window, Cases.Now);
            if (stage == RedressStage.Final)
            {
                complaint.Appeal(complaint.BuyerId, "No.", Cases.Now.AddDays(1));
                complaint.DecideAppeal(null, false, "rev-9", "The decision stands.", ["GEN-1"], Cases.Now.AddDays(2));
            }
            decision = complaint.CurrentDecision;
        }

        Assert.That(RedressTable.Classify(complaint, account, decision), Is.EqualTo((party, decisionKind)));
        Assert.That(RedressTable.StageOf(complaint, decision), Is.EqualTo(stage));
        var options = Signposting.For(complaint, account, seller, decision, Today);
        var named = options.Select(o => o.Kind switch
        {
            "appeal" => $"appeal:{(o.Until == Cases.Now.AddMonths(6) ? "P6M" : o.Until == Cases.Now.AddDays(30) ? "P30D" : o.Until?.ToString("O"))}",
            _ => o.Body is null ? o.Kind : $"{o.Kind}:{o.Body.Id}",
        });
        Assert.That(named, Is.EqualTo(routes));
    }

    [Test]
    public void The_table_has_one_row_per_party_decision_and_stage_and_the_tests_cover_every_row()
    {
        Assert.That(RedressTable.Rows.Select(r => (r.Party, r.Decision, r.Stage)), Is.Unique);
        Assert.That(Rows().Count(), Is.EqualTo(RedressTable.Rows.Count));
        Assert.That(RedressTable.Rows.Where(r => r.InternalComplaint == InternalComplaint.SixMonthsDsa || r.Party == RedressParty.Notifier && r.Stage != RedressStage.Open),
            Has.All.Matches<RedressRow>(r => r.DsaBodies), "wherever DSA Art. 20 applies, Art. 21 bodies are offered");
        Assert.That(RedressTable.Rows, Has.All.Matches<RedressRow>(r => r.Courts));
    }

    [Test]
    public void A_notice_of_illegal_content_left_up_is_appealable_for_six_months_and_a_sellers_fraud_complaint_is_no_notice()
    {
        var counterfeit = Cases.Filed(ComplaintCategory.Counterfeit);
        var noAction = counterfeit.Decide(Cases.Draft(new Outcome(OutcomeKind.NoAction)), DecisionStage.Expert, "exp-1", Cases.Now);
        Assert.That(RedressTable.WindowFor(counterfeit, noAction), Is.EqualTo(InternalComplaint.SixMonthsDsa));

        var chargeback = Cases.Filed(ComplaintCategory.Fraud, by: "seller-1");
        Assert.That(chargeback.IsNoticeOfIllegalContent, Is.False);
        var refund = chargeback.Decide(Cases.Draft(new Outcome(OutcomeKind.NoAction)), DecisionStage.Expert, "exp-1", Cases.Now);
        Assert.That(RedressTable.WindowFor(chargeback, refund), Is.EqualTo(InternalComplaint.Configured));
        Assert.That(Cases.Filed(ComplaintCategory.Fraud).IsNoticeOfIllegalContent, Is.True, "a buyer's report of a fraudulent listing");
    }
}
