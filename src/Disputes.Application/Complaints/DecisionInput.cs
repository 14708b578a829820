using Disputes.Domain;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Complaints;

/// <summary>An outcome as the API receives it; <see cref="Kind"/> is a kebab-case outcome name.</summary>
public sealed record OutcomeInput(string Kind, decimal? Amount, string? Currency, IReadOnlyList<string>? ItemIds, string? AccountId, DateTimeOffset? Until, bool Permanent, string? ReferralCategory, string? Summary);

public static class DecisionInput
{
    public static DecisionDraft ToDraft(IReadOnlyList<OutcomeInput>? outcomes, IReadOnlyList<string>? clauses, string? facts, string? reasons, bool automated)
    {
        var errors = new RuleErrors();
        var parsed = new List<Outcome>();
        var list = outcomes ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var o = list[i];
            if (!OutcomeKinds.TryParse(o.Kind, out var kind)) { errors.Add($"outcomes[{i}].kind", $"Unknown outcome '{o.Kind}'; use one of: {string.Join(", ", OutcomeKinds.Names)}."); continue; }
            parsed.Add(new Outcome(kind, o.Amount, o.Currency, o.ItemIds, o.AccountId, o.Until, o.Permanent, o.ReferralCategory, o.Summary));
        }
        DomainRuleException.ThrowIfAny("The decision is not valid.", errors);
        return new DecisionDraft(parsed, clauses ?? [], facts, reasons, automated);
    }
}
