using Disputes.Application.Ports;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Review;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>A reviewer declares a conflict of interest with a marketplace account; they are never assigned its cases.</summary>
public sealed record DeclareConflict(string AccountId, string Reason) : ICommand<ConflictDeclaration>;

public sealed class DeclareConflictHandler(IComplaintRepository complaints, IMarketplace marketplace, ICurrentUser user, TimeProvider clock, IAuditTrail audit) : ICommandHandler<DeclareConflict, ConflictDeclaration>
{
    public async ValueTask<ConflictDeclaration> Handle(DeclareConflict command, CancellationToken cancellationToken)
    {
        var errors = new RuleErrors();
        if (string.IsNullOrWhiteSpace(command.Reason) || command.Reason.Length > 1000) errors.Add("reason", "Give a reason of at most 1000 characters.");
        if (await marketplace.FindAccountAsync(command.AccountId ?? "", cancellationToken) is null) errors.Add("accountId", $"There is no account '{command.AccountId}'.");
        DomainRuleException.ThrowIfAny("The conflict cannot be declared.", errors);
        var conflict = new ConflictDeclaration(user.Id, command.AccountId!, command.Reason, clock.GetUtcNow());
        // A recusal: recorded with the declaration, in its SaveChanges (the reason is kept as a fingerprint only).
        audit.Append(new AuditEvent("conflict.declared", null, new System.Text.Json.Nodes.JsonObject
        {
            ["reviewerId"] = conflict.ReviewerId, ["accountId"] = conflict.AccountId, ["reason"] = AuditText.Proof(conflict.Reason),
        }));
        await complaints.AddConflictAsync(conflict, cancellationToken);
        return conflict;
    }
}

/// <summary>The caller's declared conflicts.</summary>
public sealed record ListMyConflicts : IQuery<IReadOnlyList<ConflictDeclaration>>;

public sealed class ListMyConflictsHandler(IComplaintRepository complaints, ICurrentUser user) : IQueryHandler<ListMyConflicts, IReadOnlyList<ConflictDeclaration>>
{
    public async ValueTask<IReadOnlyList<ConflictDeclaration>> Handle(ListMyConflicts query, CancellationToken cancellationToken) =>
        await complaints.ConflictsOfAsync(user.Id, cancellationToken);
}
