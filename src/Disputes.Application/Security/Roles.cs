namespace Disputes.Application.Security;

/// <summary>The roles of the service (docs/adr/0001-architecture.md), as they appear in tokens and in <c>reference/users.local.json</c>.</summary>
public static class Roles
{
    /// <summary>A party who bought: sees only their own cases.</summary>
    public const string Buyer = "buyer";

    /// <summary>A party who sold: sees only their own cases.</summary>
    public const string Seller = "seller";

    /// <summary>Trust &amp; Safety reviewer: their queue and the cases assigned to them.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Trust &amp; Safety expert: severe and specialist cases, four-eyes approvals.</summary>
    public const string Expert = "expert";

    /// <summary>Team lead: receives escalations when a deadline is breached.</summary>
    public const string Lead = "lead";

    /// <summary>Compliance staff: read everything, change nothing, export.</summary>
    public const string Compliance = "compliance";

    /// <summary>Operations: instances, incidents, retries, timers, the Hangfire dashboard.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Buyer, Seller, Reviewer, Expert, Lead, Compliance, Admin];

    /// <summary>True when <paramref name="role"/> is one of <see cref="All"/> (roles are compared exactly, lower case).</summary>
    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
