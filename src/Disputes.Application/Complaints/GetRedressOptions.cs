using Disputes.Application.Complaints.Effects;
using Disputes.Application.Reference;
using Mediator;

namespace Disputes.Application.Complaints;

public sealed record RedressOptionView(string Kind, string Text, string? Url, DateTimeOffset? Until);

/// <summary>
/// The redress options open to the calling party on their case, in <paramref name="Language"/>: the same options
/// (and texts) the decision notification sends them: appeal while the window is open, the seller's consumer-ADR
/// body, certified out-of-court bodies for a restriction, the courts.
/// </summary>
public sealed record GetRedressOptions(Guid Id, string Language) : IQuery<IReadOnlyList<RedressOptionView>>;

public sealed class GetRedressOptionsHandler(CaseSteps steps, IMarketplace marketplace, ReferenceData reference, ComplaintNotifications texts)
    : IQueryHandler<GetRedressOptions, IReadOnlyList<RedressOptionView>>
{
    public async ValueTask<IReadOnlyList<RedressOptionView>> Handle(GetRedressOptions query, CancellationToken cancellationToken)
    {
        var (complaint, _) = await steps.LoadAsync(query.Id, null, cancellationToken);
        CaseAccess.RequireParty(steps.User, complaint);
        var party = await marketplace.FindAccountAsync(steps.User.Id, cancellationToken);
        var seller = await marketplace.FindAccountAsync(complaint.SellerId, cancellationToken);
        IReadOnlyList<Disputes.Domain.Redress.RedressOption> options = party is not null && seller is not null
            ? reference.Signposting.For(complaint, party, seller, complaint.CurrentDecision, DateOnly.FromDateTime(steps.Now.UtcDateTime))
            : [new("courts")];
        var language = Disputes.Domain.Languages.IsSupported(query.Language) ? query.Language : complaint.Language;
        return options.Select(o => new RedressOptionView(o.Kind, texts.RedressLabel(o, language), o.Body?.Url, o.Until)).ToList();
    }
}
