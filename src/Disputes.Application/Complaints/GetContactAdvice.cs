using Disputes.Domain;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// The contact-channel advice of a case for one of its parties, written in <paramref name="Language"/> (the page's
/// language; the case's when not supported): channel, reason, and the email address, phone number or chat link to use.
/// </summary>
public sealed record GetContactAdvice(Guid Id, string? Language) : IQuery<ContactAdviceView>;

public sealed class GetContactAdviceHandler(CaseSteps steps, ContactAdvice advice) : IQueryHandler<GetContactAdvice, ContactAdviceView>
{
    public async ValueTask<ContactAdviceView> Handle(GetContactAdvice query, CancellationToken cancellationToken)
    {
        var (complaint, _) = await steps.LoadAsync(query.Id, null, cancellationToken);
        CaseAccess.RequireParty(steps.User, complaint);
        return advice.For(complaint, query.Language is { } l && Languages.IsSupported(l) ? l : complaint.Language);
    }
}
