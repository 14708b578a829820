using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Policies;

namespace Disputes.Domain.Tests;

/// <summary>Builders for the domain tests: an order, a filed complaint, a catalogue, a draft.</summary>
internal static class Cases
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    public static Order Order(int items = 2, string currency = "EUR", decimal price = 40m, decimal shipping = 10m) => new(
        "ORD-1", "buyer-1", "seller-1", currency, Now.AddDays(-20), Now.AddDays(-20), Now.AddDays(-10), "TRACK",
        shipping, Enumerable.Range(1, items).Select(i => new OrderItem($"I{i}", $"L{i}", $"Item {i}", price)).ToList());

    public static Complaint Filed(ComplaintCategory category = ComplaintCategory.NotAsDescribed, Order? order = null, string by = "buyer-1")
    {
        order ??= Order();
        return Complaint.File(Guid.NewGuid(), order, order.Items.Select(i => i.Id).ToList(), category, "It is not what the listing said.", "en", by,
            ContactChannelPolicy.Default.Recommend(order.Items.Count, "en", category, false), [], Now);
    }

    public static PolicyCatalogue Catalogue { get; } = new("2026-11", [
        new PolicyClause("BP-4.1", "Refunds", "Items not as described are refunded.", [OutcomeKind.FullRefund, OutcomeKind.PartialRefund, OutcomeKind.OrderCancellation]),
        new PolicyClause("IP-1.1", "Counterfeits", "Counterfeit listings are removed; repeat sellers suspended; referred.", [OutcomeKind.ItemRemoval, OutcomeKind.AccountSuspension, OutcomeKind.AccountRestriction, OutcomeKind.LawEnforcementReferral]),
        new PolicyClause("GEN-1", "General", "Any outcome.", []),
    ]);

    public static DecisionDraft Draft(params Outcome[] outcomes) => new(outcomes, ["GEN-1"], "The photos show a different item.", "The listing was misleading.");
}
