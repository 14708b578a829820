using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Redress;

/// <summary>Who the party is for redress: a consumer, a business user (P2B), or the person who reported illegal content (DSA Art. 16 notice).</summary>
public enum RedressParty { Consumer, Business, Notifier }

/// <summary>
/// What the decision is for that party: a restriction of their own content or account (DSA Art. 17); a decision on a
/// transaction dispute that restricts nothing of theirs; a decision on their notice of illegal content (acted on or not).
/// </summary>
public enum RedressDecision { Restriction, Transaction, Notice }

/// <summary>Where the case stands: open without a decision (the 8-week signpost), decided (the appeal window runs), final (appeal decided or window over).</summary>
public enum RedressStage { Open, Decided, Final }

/// <summary>The internal complaint (appeal) window: none, at least six months (DSA Art. 20), or the shorter configured window for the rest.</summary>
public enum InternalComplaint { None, SixMonthsDsa, Configured }

/// <summary>One row of <see cref="RedressTable"/>: for a party kind, decision kind and stage, which routes apply.</summary>
public sealed record RedressRow(
    RedressParty Party, RedressDecision Decision, RedressStage Stage, InternalComplaint InternalComplaint,
    bool DsaBodies, bool ConsumerAdr, bool Mediators, bool ConsumerAuthority, bool Courts);

/// <summary>
/// The one table that decides redress. DSA Art. 20 (internal complaint, at least six months) and Art. 21 (certified
/// out-of-court bodies) apply to every restriction of a party's content or account and to the notifier whose notice of
/// illegal content was decided (acted on or left up). A consumer in a transaction dispute gets the consumer-ADR body
/// the seller is affiliated with; every consumer gets the pointer to the consumer authority's list of recognised
/// dispute bodies (ACM ConsuWijzer, reference data). A business user gets the P2B mediators named in the terms
/// (P2B Regulation Art. 12). Everyone keeps the courts. The closed EU ODR platform is never a route.
/// </summary>
public static class RedressTable
{
    private const InternalComplaint None = InternalComplaint.None, Dsa = InternalComplaint.SixMonthsDsa, Configured = InternalComplaint.Configured;

    public static IReadOnlyList<RedressRow> Rows { get; } =
    [
        //   party                   decision                      stage               internal   DSA    ADR    P2B    ACM    courts
        new(RedressParty.Consumer, RedressDecision.Transaction, RedressStage.Open,    None,       false, true,  false, true,  true),
        new(RedressParty.Business, RedressDecision.Transaction, RedressStage.Open,    None,       false, false, true,  false, true),
        new(RedressParty.Notifier, RedressDecision.Notice,      RedressStage.Open,    None,       false, false, false, false, true),

        new(RedressParty.Consumer, RedressDecision.Transaction, RedressStage.Decided, Configured, false, true,  false, true,  true),
        new(RedressParty.Consumer, RedressDecision.Restriction, RedressStage.Decided, Dsa,        true,  false, false, true,  true),
        new(RedressParty.Business, RedressDecision.Transaction, RedressStage.Decided, Configured, false, false, true,  false, true),
        new(RedressParty.Business, RedressDecision.Restriction, RedressStage.Decided, Dsa,        true,  false, true,  false, true),
        new(RedressParty.Notifier, RedressDecision.Notice,      RedressStage.Decided, Dsa,        true,  false, false, false, true),

        new(RedressParty.Consumer, RedressDecision.Transaction, RedressStage.Final,   None,       false, true,  false, true,  true),
        new(RedressParty.Consumer, RedressDecision.Restriction, RedressStage.Final,   None,       true,  false, false, true,  true),
        new(RedressParty.Business, RedressDecision.Transaction, RedressStage.Final,   None,       false, false, true,  false, true),
        new(RedressParty.Business, RedressDecision.Restriction, RedressStage.Final,   None,       true,  false, true,  false, true),
        new(RedressParty.Notifier, RedressDecision.Notice,      RedressStage.Final,   None,       true,  false, false, false, true),
    ];

    public static RedressRow Find(RedressParty party, RedressDecision decision, RedressStage stage) =>
        Rows.Single(r => r.Party == party && r.Decision == decision && r.Stage == stage);

    /// <summary>The party kind and decision kind of one party of a case. A restriction of the party's own content or account comes first.</summary>
    public static (RedressParty Party, RedressDecision Decision) Classify(Complaint complaint, Account party, Decision? decision)
    {
        var restricted = decision is not null && decision.Outcomes.Any(o =>
            (o.Kind is OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction && o.AccountId == party.Id)
            || (o.Kind == OutcomeKind.ItemRemoval && party.Id == complaint.SellerId));
        var kind = party.Kind == AccountKind.Business ? RedressParty.Business : RedressParty.Consumer;
        if (restricted) return (kind, RedressDecision.Restriction);
        if (party.Id == complaint.ComplainantId && complaint.IsNoticeOfIllegalContent) return (RedressParty.Notifier, RedressDecision.Notice);
        return (kind, RedressDecision.Transaction);
    }

    public static RedressStage StageOf(Complaint complaint, Decision? decision) =>
        decision is null ? RedressStage.Open : complaint.Status == ComplaintStatus.Decided && decision.Stage != DecisionStage.Appeal ? RedressStage.Decided : RedressStage.Final;

    /// <summary>
    /// The case's appeal window: the DSA's six months when any party's row at the decided stage needs it (a restriction,
    /// or a notice of illegal content), the configured window otherwise.
    /// </summary>
    public static InternalComplaint WindowFor(Complaint complaint, Decision decision) =>
        decision.IsRestriction || complaint.IsNoticeOfIllegalContent ? InternalComplaint.SixMonthsDsa : InternalComplaint.Configured;
}
