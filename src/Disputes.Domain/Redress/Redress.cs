using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Redress;

public enum RedressKind { ConsumerAdr, DsaOutOfCourt, Mediator }

/// <summary>An external dispute body, from the reference data file.</summary>
public sealed record RedressBody(string Id, string Name, RedressKind Kind, string Country, string? Url, string? RecognisedBy, DateOnly? CertifiedOn, DateOnly? CertifiedUntil, string? Note)
{
    public bool IsCertifiedOn(DateOnly day) => Kind != RedressKind.DsaOutOfCourt || ((CertifiedOn is null || CertifiedOn <= day) && (CertifiedUntil is null || day <= CertifiedUntil));
}

/// <summary>A redress option for one party: an internal appeal, an external body, or the courts.</summary>
public sealed record RedressOption(string Kind, RedressBody? Body = null, DateTimeOffset? Until = null);

/// <summary>
/// Which redress to point a party to (regulation.md, "Choosing the redress to signpost"):
/// a consumer buyer in a transaction dispute: the consumer-ADR body the seller is affiliated with, if any, and the courts;
/// anyone whose content or account is restricted: the internal complaint (6 months), the DSA certified out-of-court
/// bodies, the courts; a business seller who is restricted or suspended: the internal complaint, the mediators named
/// in the terms, and the DSA bodies as the decision is a DSA restriction. Never the EU ODR platform (closed 2025).
/// </summary>
public sealed class Signposting(IReadOnlyList<RedressBody> bodies)
{
    public IReadOnlyList<RedressBody> Bodies { get; } = bodies;

    public IReadOnlyList<RedressOption> For(Complaint complaint, Account party, Account seller, Decision? decision, DateOnly today)
    {
        var options = new List<RedressOption>();
        if (decision is { AppealableUntil: { } until } && complaint.Status == ComplaintStatus.Decided)
            options.Add(new RedressOption("appeal", Until: until));

        var isBuyer = party.Id == complaint.BuyerId;
        var restrictsParty = decision is not null && decision.Outcomes.Any(o =>
            (o.Kind is OutcomeKind.AccountSuspension or OutcomeKind.AccountRestriction && o.AccountId == party.Id)
            || (o.Kind == OutcomeKind.ItemRemoval && party.Id == complaint.SellerId));

        if (isBuyer && party.Kind == AccountKind.Consumer && !restrictsParty)
        {
            foreach (var id in seller.AdrBodies)
            {
                if (Bodies.FirstOrDefault(b => b.Id == id && b.Kind == RedressKind.ConsumerAdr) is { } adr) options.Add(new RedressOption("consumer-adr", adr));
            }
        }
        if (restrictsParty)
        {
            options.AddRange(Bodies.Where(b => b.Kind == RedressKind.DsaOutOfCourt && b.IsCertifiedOn(today)).Select(b => new RedressOption("dsa-body", b)));
            if (party.Kind == AccountKind.Business)
                options.AddRange(Bodies.Where(b => b.Kind == RedressKind.Mediator).Select(b => new RedressOption("mediator", b)));
        }
        options.Add(new RedressOption("courts"));
        return options;
    }
}

/// <summary>How long a decision can be appealed: at least 6 months for restrictions (DSA Art. 20), configurable for the rest.</summary>
public sealed record AppealWindows(string Restriction, string Other)
{
    public static AppealWindows Default { get; } = new("P6M", "P30D");

    public string For(Decision decision) => decision.IsRestriction ? Restriction : Other;
}
