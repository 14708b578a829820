namespace Disputes.Application.Complaints;

/// <summary>What an action on a case returns: the case's new version (its ETag) and where the process now waits.</summary>
public sealed record CaseActionResult(Guid Id, Disputes.Domain.Complaints.ComplaintStatus Status, long Version, IReadOnlyList<string> NowAt);
