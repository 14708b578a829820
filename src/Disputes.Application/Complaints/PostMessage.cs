using Disputes.Application.Security;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A party or a staff member on the case adds a message (optionally citing evidence). It changes no clock.</summary>
public sealed record PostMessage(Guid Id, string Text, IReadOnlyList<Guid>? EvidenceIds) : ICommand<MessageView>;

public sealed class PostMessageHandler(CaseSteps steps, IComplaintRepository complaints) : ICommandHandler<PostMessage, MessageView>
{
    public async ValueTask<MessageView> Handle(PostMessage command, CancellationToken cancellationToken)
    {
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        await steps.RequireAsync(complaint, tasks, CaseAction.PostMessage, cancellationToken);
        var role = complaint.IsParty(steps.User.Id) ? complaint.SideOf(steps.User.Id) : steps.User.Roles.FirstOrDefault() ?? "staff";
        var m = complaint.AddMessage(steps.User.Id, role, command.Text, command.EvidenceIds ?? [], steps.Now);
        await complaints.SaveChangesAsync(cancellationToken);
        return new MessageView(m.Id, m.Kind, m.AuthorId, m.AuthorRole, m.Text, m.At, m.EvidenceIds, m.To);
    }
}
