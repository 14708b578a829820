using Disputes.Application.Security;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A party or a staff member on the case adds a message (optionally citing evidence). It changes no clock.</summary>
public sealed record PostMessage(Guid Id, string Text, IReadOnlyList<Guid>? EvidenceIds) : ICommand<MessageView>;

public sealed class PostMessageHandler(CaseSteps steps, IComplaintRepository complaints) : ICommandHandler<PostMessage, MessageView>
{
    public async ValueTask<MessageView> Handle(PostMessage command, CancellationToken cancellationToken)
    {
        var (complaint, _) = await steps.LoadAsync(command.Id, null, cancellationToken);
        if (steps.User.IsIn(Roles.Compliance) && !complaint.IsParty(steps.User.Id))
            throw new Disputes.Domain.CaseAccessDeniedException("Compliance staff read cases; they do not write in them.");
        var role = complaint.IsParty(steps.User.Id) ? complaint.SideOf(steps.User.Id) : steps.User.Roles.FirstOrDefault() ?? "staff";
        var m = complaint.AddMessage(steps.User.Id, role, command.Text, command.EvidenceIds ?? [], steps.Now);
        await complaints.SaveChangesAsync(cancellationToken);
        return new MessageView(m.Id, m.Kind.ToString(), m.AuthorId, m.AuthorRole, m.Text, m.At, m.EvidenceIds, m.To);
    }
}
