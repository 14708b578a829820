namespace Disputes.Domain;

/// <summary>A request broke a rule of the domain. <see cref="Errors"/> maps field names to messages.</summary>
public sealed class DomainRuleException(string title, IReadOnlyDictionary<string, string[]> errors) : Exception(title)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public DomainRuleException(string field, string message) : this(message, new Dictionary<string, string[]> { [field] = [message] }) { }

    public static void ThrowIfAny(string title, RuleErrors errors)
    {
        if (errors.Count > 0) throw new DomainRuleException(title, errors.ToDictionary());
    }
}

/// <summary>Collects field-level rule violations.</summary>
public sealed class RuleErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public int Count => errors.Count;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>The operation is not allowed in the case's current state (e.g. deciding a closed case).</summary>
public sealed class CaseStateException(string message) : Exception(message);

/// <summary>The caller may not do this to this case (a per-resource check, beyond the role).</summary>
public sealed class CaseAccessDeniedException(string message) : Exception(message);
