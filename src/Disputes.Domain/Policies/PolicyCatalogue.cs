using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Policies;

public sealed record PolicyClause(string Id, string Title, string Text, IReadOnlyList<OutcomeKind> Outcomes)
{
    /// <summary>An empty outcome list means the clause can ground any outcome.</summary>
    public bool Grounds(OutcomeKind kind) => Outcomes.Count == 0 || Outcomes.Contains(kind);
}

/// <summary>A versioned set of policy clauses that decisions cite.</summary>
public sealed class PolicyCatalogue(string version, IReadOnlyList<PolicyClause> clauses)
{
    private readonly Dictionary<string, PolicyClause> byId = clauses.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public string Version { get; } = version;
    public IReadOnlyList<PolicyClause> Clauses { get; } = clauses;

    public PolicyClause? Find(string id) => byId.GetValueOrDefault(id);
}
