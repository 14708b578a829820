namespace Disputes.Domain.Outcomes;

/// <summary>
/// Every effect kind (outbox message kind) the complaint process sends: the marketplace effects an outcome plans,
/// the workflow's own <c>effect</c> and <c>notify</c> steps, and the sample definitions' <see cref="Record"/>.
/// One list, in the domain: handlers, the local ledger, the audit trail and the figures name kinds from here.
/// </summary>
public static class EffectKinds
{
    // Marketplace: payments and orders.
    public const string Refund = "refund";
    public const string CancelOrder = "cancel-order";

    /// <summary>Holds an amount on the seller's payout while a case is open (at filing).</summary>
    public const string HoldFunds = "hold-funds";
    /// <summary>Releases what is left on hold to the seller (the outcome applied the rest to the refund).</summary>
    public const string ReleaseHold = "release-hold";

    // Marketplace: catalogue.
    public const string RemoveListing = "remove-listing";
    public const string ReinstateListing = "reinstate-listing";

    // Marketplace: accounts.
    public const string SuspendAccount = "suspend-account";
    public const string RestrictAccount = "restrict-account";
    public const string LiftAccountSuspension = "lift-account-suspension";
    public const string LiftAccountRestriction = "lift-account-restriction";
    /// <summary>New terms (an end date, or permanent) for a suspension or restriction that stays: <c>measure</c>, <c>until</c>.</summary>
    public const string UpdateAccountMeasure = "update-account-measure";

    // Law enforcement.
    public const string ReferToLawEnforcement = "refer-to-law-enforcement";
    public const string WithdrawReferral = "withdraw-referral";

    // The complaint process itself (workflow steps).
    public const string Signpost = "signpost";
    public const string CloseCase = "close-case";
    /// <summary>The workflow runtime's notification kind (its <c>notify</c> activity sends it).</summary>
    public const string Notify = "notify";

    /// <summary>The sample definitions' effect (workflows/samples), applied by the local ledger.</summary>
    public const string Record = "record";

    /// <summary>Effects on the marketplace (payments, orders, catalogue, accounts, referrals) that the local ledger stands in for.</summary>
    public static readonly IReadOnlyList<string> Marketplace =
    [
        Refund, HoldFunds, ReleaseHold, CancelOrder, RemoveListing, ReinstateListing, SuspendAccount, RestrictAccount,
        LiftAccountSuspension, LiftAccountRestriction, UpdateAccountMeasure, ReferToLawEnforcement, WithdrawReferral,
    ];

    /// <summary>Every kind.</summary>
    public static readonly IReadOnlyList<string> All = [.. Marketplace, Signpost, CloseCase, Notify, Record];
}
