namespace Disputes.Domain.Outcomes;

public enum OutcomeKind { FullRefund, PartialRefund, OrderCancellation, ItemRemoval, AccountSuspension, AccountRestriction, LawEnforcementReferral, NoAction }

public static class OutcomeKinds
{
    private static readonly Dictionary<string, OutcomeKind> ByName = new(StringComparer.Ordinal)
    {
        ["full-refund"] = OutcomeKind.FullRefund,
        ["partial-refund"] = OutcomeKind.PartialRefund,
        ["order-cancellation"] = OutcomeKind.OrderCancellation,
        ["item-removal"] = OutcomeKind.ItemRemoval,
        ["account-suspension"] = OutcomeKind.AccountSuspension,
        ["account-restriction"] = OutcomeKind.AccountRestriction,
        ["law-enforcement-referral"] = OutcomeKind.LawEnforcementReferral,
        ["no-action"] = OutcomeKind.NoAction,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out OutcomeKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string Name(this OutcomeKind kind) => ByName.First(kv => kv.Value == kind).Key;

    /// <summary>Restricts content or an account (DSA Art. 17): the appeal window is then at least six months.</summary>
    public static bool IsRestriction(this OutcomeKind kind) =>
        kind is OutcomeKind.ItemRemoval or OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction;
}

/// <summary>
/// One outcome of a decision. Which fields apply depends on <see cref="Kind"/>: an amount and currency for a
/// partial refund; item ids for an item removal; the account and either an end date or <see cref="Permanent"/>
/// for a suspension or restriction; a category and summary for a referral.
/// </summary>
public sealed record Outcome(
    OutcomeKind Kind,
    decimal? Amount = null,
    string? Currency = null,
    IReadOnlyList<string>? ItemIds = null,
    string? AccountId = null,
    DateTimeOffset? Until = null,
    bool Permanent = false,
    string? ReferralCategory = null,
    string? Summary = null);

/// <summary>Where a decision was taken.</summary>
public enum DecisionStage { Review, Expert, Appeal }

public enum DecisionStatus { AwaitingApproval, Effective, Rejected, Confirmed, Reversed }

/// <summary>
/// A decision: outcomes, the policy clauses it cites, the facts and the reasons, by a named person.
/// Refused when taken by automated means (DSA Art. 20(6)). <see cref="Masked"/> says which contact details were
/// masked in the facts and reasons ("facts:email", "reasons:phone"), for the audit trail.
/// </summary>
public sealed record Decision(
    int Number,
    DecisionStage Stage,
    IReadOnlyList<Outcome> Outcomes,
    IReadOnlyList<string> Clauses,
    string Facts,
    string Reasons,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    DecisionStatus Status,
    string? ApprovedBy = null,
    DateTimeOffset? ApprovedAt = null,
    string? RejectionReason = null,
    DateTimeOffset? AppealableUntil = null,
    IReadOnlyList<string>? Masked = null)
{
    public bool Has(OutcomeKind kind) => Outcomes.Any(o => o.Kind == kind);

    /// <summary>Four-eyes: a suspension or a law-enforcement referral takes effect only when a second expert approves it.</summary>
    public bool NeedsSecondApproval => Has(OutcomeKind.AccountSuspension) || Has(OutcomeKind.LawEnforcementReferral);

    public bool IsRestriction => Outcomes.Any(o => o.Kind.IsRestriction());
}
