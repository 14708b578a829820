using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;
using Disputes.Application.Reference;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>Cases built with the domain alone (no database), and their statements of reasons.</summary>
internal static class StatementSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public const string PersonalDescription = "Hello, I am Emma Jansen (emma.jansen@example.com, +31 6 12345678). The bag from Pierre Dubois is fake.";

    public static readonly Account Buyer = new("buyer-emma", "Emma Jansen", "emma.jansen@example.com", "en", "IE", AccountKind.Consumer, []);
    public static readonly Account Seller = new("seller-pierre", "Pierre Dubois", "pierre.dubois@example.fr", "fr", "FR", AccountKind.Consumer, []);

    public static ReferenceData Reference { get; } = ReferenceData.Load(Repo.Reference);
    public static DsaMapping Mapping { get; } = DsaMapping.Load(Repo.Reference);

    public static Order Order() => new("ORD-9001", Buyer.Id, Seller.Id, "EUR", Now.AddDays(-20), Now.AddDays(-20), Now.AddDays(-15), "TRACK-1", 5m,
        [new OrderItem("ORD-9001-1", "LST-77", "Designer handbag", 400m), new OrderItem("ORD-9001-2", "LST-78", "Scarf", 50m)]);

    public static (Complaint Complaint, Decision Decision) Decided(ComplaintCategory category, IReadOnlyList<Outcome> outcomes, string[] clauses,
        string facts = "Emma Jansen sent photos; Pierre Dubois (pierre.dubois@example.fr) admitted the bag is a replica.", string reasons = "Pierre Dubois sold a replica as genuine.")
    {
        var complaint = Complaint.File(Guid.CreateVersion7(Now), Order(), ["ORD-9001-1"], category, PersonalDescription, "en", Buyer.Id,
            new ChannelRecommendation(ContactChannel.Email, "item-problem", []), [], Now.AddDays(-10));
        var decision = complaint.Decide(new DecisionDraft(outcomes, clauses, facts, reasons), DecisionStage.Expert, "exp-maria", Now.AddHours(-1));
        if (decision.Status == DecisionStatus.AwaitingApproval) decision = complaint.Approve("exp-tom", Now);
        complaint.MakeEffective(decision, Now.AddMonths(6), Now);
        return (complaint, complaint.Decisions[^1]);
    }

    public static IReadOnlyList<IssuedStatement> Issue(Complaint complaint, Decision decision) =>
        StatementsOfReasons.Issue(complaint, decision, id => id == Buyer.Id ? Buyer : id == Seller.Id ? Seller : null, Order(), Reference, Mapping, Now);

    public static IssuedStatement CounterfeitRemoval()
    {
        var (complaint, decision) = Decided(ComplaintCategory.Counterfeit, [new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["ORD-9001-1"])], ["IP-1.1"]);
        return Issue(complaint, decision).Single();
    }

    /// <summary>A valid Transparency Database statement with the given puid.</summary>
    public static JsonObject ValidDsa(string puid)
    {
        var dsa = (JsonObject)CounterfeitRemoval().Dsa.DeepClone();
        dsa["puid"] = puid;
        return dsa;
    }
}
