namespace Disputes.Application.Compliance.Statements;

/// <summary>Where a statement of reasons stands with the DSA Transparency Database.</summary>
public static class StatementStatus
{
    /// <summary>Not yet accepted; sent by the next submission run that finds it due.</summary>
    public const string Pending = "pending";
    /// <summary>The last submission was refused (kept in <see cref="StatementSubmissionRow"/>); sent again when due.</summary>
    public const string Refused = "refused";
    /// <summary>Accepted by the Transparency Database (HTTP 201): never sent again.</summary>
    public const string Accepted = "accepted";
    /// <summary>Fails our own validation of the DSA format: not sent; the problems are shown.</summary>
    public const string Invalid = "invalid";
}
