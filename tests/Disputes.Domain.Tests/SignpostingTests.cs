using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Redress;

namespace Disputes.Domain.Tests;

/// <summary>regulation.md, "Choosing the redress to signpost", one row per test.</summary>
public sealed class SignpostingTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Cases.Now.UtcDateTime);
    private static readonly RedressBody Adr = new("adr-nl", "ADR NL", RedressKind.ConsumerAdr, "NL", null, null, null, null, null);
    private static readonly RedressBody OtherAdr = new("adr-de", "ADR DE", RedressKind.ConsumerAdr, "DE", null, null, null, null, null);
    private static readonly RedressBody Dsa = new("dsa-ie", "DSA IE", RedressKind.DsaOutOfCourt, "IE", null, null, new DateOnly(2024, 1, 1), null, null);
    private static readonly RedressBody LapsedDsa = new("dsa-old", "DSA old", RedressKind.DsaOutOfCourt, "MT", null, null, new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1), null);
    private static readonly RedressBody Mediator = new("cedr", "CEDR", RedressKind.Mediator, "GB", null, null, null, null, null);
    private static readonly RedressBody Acm = new("acm", "ACM ConsuWijzer", RedressKind.ConsumerAuthority, "NL", "https://www.consuwijzer.nl", null, null, null, null);
    private static readonly Signposting Signposting = new([Adr, OtherAdr, Dsa, LapsedDsa, Mediator, Acm]);

    private static readonly Account ConsumerBuyer = new("buyer-1", "B", "b@x.test", "en", "NL", AccountKind.Consumer, []);
    private static readonly Account AffiliatedBusinessSeller = new("seller-1", "S", "s@x.test", "nl", "NL", AccountKind.Business, ["adr-nl"]);
    private static readonly Account UnaffiliatedBusinessSeller = AffiliatedBusinessSeller with { AdrBodies = [] };
    private static readonly Account ConsumerSeller = AffiliatedBusinessSeller with { Kind = AccountKind.Consumer, AdrBodies = [] };

    private static (Complaint, Decision) Decide(params Outcome[] outcomes)
    {
        var complaint = Cases.Filed();
        var decision = complaint.Decide(Cases.Draft(outcomes), DecisionStage.Expert, "exp-1", Cases.Now);
        if (decision.NeedsSecondApproval) decision = complaint.Approve("exp-2", Cases.Now);
        complaint.MakeEffective(decision, Cases.Now.AddMonths(6), Cases.Now);
        return (complaint, complaint.CurrentDecision!);
    }

    private static string[] Kinds(IEnumerable<RedressOption> options) => options.Select(o => o.Body is null ? o.Kind : $"{o.Kind}:{o.Body.Id}").ToArray();

    [Test]
    public void Consumer_buyer_in_a_transaction_dispute_gets_the_sellers_adr_body_and_the_courts()
    {
        var (complaint, decision) = Decide(new Outcome(OutcomeKind.FullRefund));
        Assert.That(Kinds(Signposting.For(complaint, ConsumerBuyer, AffiliatedBusinessSeller, decision, Today)),
            Is.EqualTo(new[] { "appeal", "consumer-adr:adr-nl", "consumer-authority:acm", "courts" }));
    }

    [Test]
    public void No_adr_body_when_the_seller_is_not_affiliated()
    {
        var (complaint, decision) = Decide(new Outcome(OutcomeKind.NoAction));
        Assert.That(Kinds(Signposting.For(complaint, ConsumerBuyer, UnaffiliatedBusinessSeller, decision, Today)), Is.EqualTo(new[] { "appeal", "consumer-authority:acm", "courts" }), "the consumer authority's list, not only the courts");
    }

    [Test]
    public void A_restricted_consumer_gets_the_internal_complaint_certified_dsa_bodies_and_the_courts()
    {
        var (complaint, decision) = Decide(new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"]));
        var options = Signposting.For(complaint, ConsumerSeller, ConsumerSeller, decision, Today);
        Assert.That(Kinds(options), Is.EqualTo(new[] { "appeal", "dsa-body:dsa-ie", "consumer-authority:acm", "courts" }), "a lapsed certification is not offered");
        Assert.That(options[0].Until, Is.EqualTo(Cases.Now.AddMonths(6)));
    }

    [Test]
    public void A_suspended_business_seller_also_gets_the_mediators()
    {
        var (complaint, decision) = Decide(new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-1", Until: Cases.Now.AddDays(60)));
        Assert.That(Kinds(Signposting.For(complaint, AffiliatedBusinessSeller, AffiliatedBusinessSeller, decision, Today)),
            Is.EqualTo(new[] { "appeal", "dsa-body:dsa-ie", "mediator:cedr", "courts" }));
    }

    [Test]
    public void The_buyer_of_a_restricted_seller_is_not_offered_the_sellers_dsa_route()
    {
        var (complaint, decision) = Decide(new Outcome(OutcomeKind.FullRefund), new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["I1"]));
        Assert.That(Kinds(Signposting.For(complaint, ConsumerBuyer, AffiliatedBusinessSeller, decision, Today)),
            Is.EqualTo(new[] { "appeal", "consumer-adr:adr-nl", "consumer-authority:acm", "courts" }));
    }

    [Test]
    public void A_case_open_for_8_weeks_has_no_appeal_option_yet_and_never_the_odr_platform()
    {
        var complaint = Cases.Filed();
        var options = Signposting.For(complaint, ConsumerBuyer, AffiliatedBusinessSeller, null, Today);
        Assert.That(Kinds(options), Is.EqualTo(new[] { "consumer-adr:adr-nl", "consumer-authority:acm", "courts" }));
        Assert.That(options.Any(o => o.Body?.Url?.Contains("ec.europa.eu/consumers/odr", StringComparison.OrdinalIgnoreCase) == true || o.Kind.Contains("odr")), Is.False);
    }
}
