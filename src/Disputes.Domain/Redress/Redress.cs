using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Redress;

/// <summary>
/// Consumer ADR body (affiliated sellers only), DSA Art. 21 certified body, P2B mediator, or the consumer authority's
/// list of recognised dispute bodies (a pointer, it decides no dispute).
/// </summary>
public enum RedressKind { ConsumerAdr, DsaOutOfCourt, Mediator, ConsumerAuthority }

/// <summary>An external dispute body, from the reference data file.</summary>
public sealed record RedressBody(string Id, string Name, RedressKind Kind, string Country, string? Url, string? RecognisedBy, DateOnly? CertifiedOn, DateOnly? CertifiedUntil, string? Note)
{
    public bool IsCertifiedOn(DateOnly day) => Kind != RedressKind.DsaOutOfCourt || ((CertifiedOn is null || CertifiedOn <= day) && (CertifiedUntil is null || day <= CertifiedUntil));
}

/// <summary>A redress option for one party: an internal appeal, an external body, or the courts.</summary>
public sealed record RedressOption(string Kind, RedressBody? Body = null, DateTimeOffset? Until = null);

/// <summary>
/// Which redress to point a party to: the row of <see cref="RedressTable"/> for the party, the decision and the stage,
/// filled with the bodies of the reference data (certified on the day, the consumer-ADR bodies the seller is affiliated
/// with). Never the EU ODR platform (closed 2025).
/// </summary>
public sealed class Signposting(IReadOnlyList<RedressBody> bodies)
{
    public IReadOnlyList<RedressBody> Bodies { get; } = bodies;

    public IReadOnlyList<RedressOption> For(Complaint complaint, Account party, Account seller, Decision? decision, DateOnly today)
    {
        var (kind, decisionKind) = RedressTable.Classify(complaint, party, decision);
        var row = RedressTable.Find(kind, decisionKind, RedressTable.StageOf(complaint, decision));
        return Options(row, seller, decision, complaint, today);
    }

    public IReadOnlyList<RedressOption> Options(RedressRow row, Account seller, Decision? decision, Complaint? complaint, DateOnly today)
    {
        var options = new List<RedressOption>();
        if (row.InternalComplaint != InternalComplaint.None && decision is { AppealableUntil: { } until } && complaint?.Status == ComplaintStatus.Decided)
            options.Add(new RedressOption("appeal", Until: until));
        if (row.ConsumerAdr)
        {
            foreach (var id in seller.AdrBodies)
            {
                if (Bodies.FirstOrDefault(b => b.Id == id && b.Kind == RedressKind.ConsumerAdr) is { } adr) options.Add(new RedressOption("consumer-adr", adr));
            }
        }
        if (row.DsaBodies)
            options.AddRange(Bodies.Where(b => b.Kind == RedressKind.DsaOutOfCourt && b.IsCertifiedOn(today)).Select(b => new RedressOption("dsa-body", b)));
        if (row.Mediators)
            options.AddRange(Bodies.Where(b => b.Kind == RedressKind.Mediator).Select(b => new RedressOption("mediator", b)));
        if (row.ConsumerAuthority)
            options.AddRange(Bodies.Where(b => b.Kind == RedressKind.ConsumerAuthority).Select(b => new RedressOption("consumer-authority", b)));
        if (row.Courts) options.Add(new RedressOption("courts"));
        return options;
    }
}
