using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Compliance.Audit;
using Disputes.Application.Reference;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Compliance.Statements;

/// <summary>
/// When a decision that removes a listing or suspends or restricts an account takes effect (on decision, on the
/// second expert's approval, or on appeal), its statements of reasons are issued in the same transaction: given at
/// the latest when the restriction is imposed (Art. 17(2)). An appeal that lifts or changes a restriction issues a
/// follow-up statement to the affected party, linked to the one it replaces.
/// </summary>
public sealed class IssueStatementsOfReasons(IStatementStore store, IMarketplace marketplace, ReferenceData reference, DsaMapping mapping, IAuditTrail audit, TimeProvider clock)
    : ICaseChangeObserver
{
    public async Task OnSavingAsync(IReadOnlyList<CaseChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            var before = change.Before?.Decisions.ToDictionary(d => d.Number) ?? [];
            // A restriction, or an appeal's revision of one (whose lifted or changed restrictions get follow-up statements).
            var newlyEffective = change.After.Decisions.Where(d => d.Status == DecisionStatus.Effective
                && (d.IsRestriction || d.Stage == DecisionStage.Appeal && change.After.Decisions.Any(r => r.Status == DecisionStatus.Reversed && r.IsRestriction))
                && (!before.TryGetValue(d.Number, out var was) || was.Status != DecisionStatus.Effective)).ToList();
            if (newlyEffective.Count == 0) continue;

            var complaint = change.After;
            var ids = complaint.Decisions.SelectMany(d => d.Outcomes).Select(o => o.AccountId).OfType<string>().Append(complaint.BuyerId).Append(complaint.SellerId).Distinct();
            var accounts = new Dictionary<string, Account?>(StringComparer.Ordinal);
            // The marketplace only adds the party's language, account type and the order date: if it cannot answer, the
            // statement is still issued (in the case's language, without the account type) and the decision stands.
            foreach (var id in ids) accounts[id] = await TryAsync(() => marketplace.FindAccountAsync(id, cancellationToken));
            var order = await TryAsync(() => marketplace.FindOrderAsync(complaint.OrderId, cancellationToken));
            var now = clock.GetUtcNow();
            foreach (var decision in newlyEffective)
            {
                foreach (var statement in StatementsOfReasons.Issue(complaint, decision, id => accounts.GetValueOrDefault(id), order, reference, mapping, now))
                {
                    store.Add(statement, now);
                    audit.Append(new AuditEvent("statement.issued", complaint.Id, new JsonObject
                    {
                        ["puid"] = statement.Content.Puid, ["decision"] = decision.Number, ["restriction"] = statement.Content.Restriction,
                        ["affectedAccountId"] = statement.Content.AffectedAccountId, ["language"] = statement.Language, ["valid"] = statement.Problems.Count == 0,
                        ["revises"] = statement.Content.Revises, ["change"] = statement.Content.Change,
                    }, Actor: Security.SystemUser.SystemId, Role: "system"));
                }
            }
        }
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T?>> lookup) where T : class
    {
        try
        {
            return await lookup();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
