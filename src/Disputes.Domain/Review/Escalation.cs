using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Review;

/// <summary>
/// When a case must go to a T&amp;S expert : suspension or restriction, law-enforcement referral,
/// counterfeit or fraud categories, and orders above a configurable value (per currency).
/// </summary>
public sealed class EscalationPolicy(IReadOnlyDictionary<string, decimal> valueThresholds)
{
    public IReadOnlyDictionary<string, decimal> ValueThresholds { get; } = valueThresholds;

    /// <summary>Reasons the case itself needs an expert, whatever the outcome.</summary>
    public IReadOnlyList<string> CaseReasons(ComplaintCategory category, decimal orderValue, string currency)
    {
        var reasons = new List<string>();
        if (category is ComplaintCategory.Counterfeit or ComplaintCategory.Fraud)
            reasons.Add($"the category is '{category.Name()}'");
        if (ValueThresholds.TryGetValue(currency, out var threshold) && orderValue > threshold)
            reasons.Add($"the order value {orderValue:0.00} {currency} is above {threshold:0.00} {currency}");
        return reasons;
    }

    /// <summary>Reasons a proposed decision needs an expert.</summary>
    public static IReadOnlyList<string> OutcomeReasons(IEnumerable<Outcome> outcomes)
    {
        var reasons = new List<string>();
        foreach (var o in outcomes.Select(o => o.Kind).Distinct())
        {
            if (o is OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction or OutcomeKind.LawEnforcementReferral)
                reasons.Add($"'{o.Name()}' is decided by an expert");
        }
        return reasons;
    }
}
