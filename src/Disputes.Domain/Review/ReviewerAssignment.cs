namespace Disputes.Domain.Review;

/// <summary>A staff member who could take a task, with their current number of open assigned tasks.</summary>
public sealed record Candidate(string Id, int OpenTasks);

/// <summary>A reviewer's declared conflict of interest with a marketplace account.</summary>
public sealed record ConflictDeclaration(string ReviewerId, string AccountId, string Reason, DateTimeOffset DeclaredAt);

/// <summary>
/// Picks who gets a task: the least-loaded eligible candidate. Never a party to the case, never someone with a
/// declared conflict with either party, never someone excluded (e.g. who took part in the decision under appeal).
/// Ties go to the smallest id, so the choice is deterministic.
/// </summary>
public static class ReviewerAssignment
{
    public static Candidate? Choose(IEnumerable<Candidate> candidates, IReadOnlyCollection<string> parties, IEnumerable<ConflictDeclaration> conflicts, IReadOnlyCollection<string> excluded) =>
        Eligible(candidates, parties, conflicts, excluded).OrderBy(c => c.OpenTasks).ThenBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault();

    public static IEnumerable<Candidate> Eligible(IEnumerable<Candidate> candidates, IReadOnlyCollection<string> parties, IEnumerable<ConflictDeclaration> conflicts, IReadOnlyCollection<string> excluded)
    {
        var conflicted = conflicts.Where(c => parties.Contains(c.AccountId)).Select(c => c.ReviewerId).ToHashSet(StringComparer.Ordinal);
        return candidates.Where(c => !parties.Contains(c.Id) && !conflicted.Contains(c.Id) && !excluded.Contains(c.Id));
    }

    public static string? WhyNot(string reviewerId, IReadOnlyCollection<string> parties, IEnumerable<ConflictDeclaration> conflicts, IReadOnlyCollection<string> excluded)
    {
        if (parties.Contains(reviewerId)) return "you are a party to this case";
        if (conflicts.FirstOrDefault(c => c.ReviewerId == reviewerId && parties.Contains(c.AccountId)) is { } c)
            return $"you declared a conflict with {c.AccountId}: {c.Reason}";
        if (excluded.Contains(reviewerId)) return "you took part in the decision under appeal";
        return null;
    }
}
