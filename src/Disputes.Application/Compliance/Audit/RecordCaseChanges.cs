using Disputes.Application.Ports;
using Disputes.Application.Security;

namespace Disputes.Application.Compliance.Audit;

/// <summary>Records every change the complaint store is about to save as audit entries, in the same transaction.</summary>
public sealed class RecordCaseChanges(IAuditTrail audit, ICurrentUser user) : ICaseChangeObserver
{
    public Task OnSavingAsync(IReadOnlyList<CaseChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            foreach (var (action, data) in CaseChanges.Describe(change))
                audit.Append(new AuditEvent(action, change.After.Id, data, Role: change.After.IsParty(user.Id) ? change.After.SideOf(user.Id) : null));
        }
        return Task.CompletedTask;
    }
}
