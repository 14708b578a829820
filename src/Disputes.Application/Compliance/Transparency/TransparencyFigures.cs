namespace Disputes.Application.Compliance.Transparency;

public sealed record ComplaintFigures(int Received, IReadOnlyDictionary<string, int> ByBasis, IReadOnlyDictionary<string, int> ByComplainant);

/// <summary>First-instance decisions (review and expert) that took effect, by outcome (a decision with two outcomes counts under both).</summary>
public sealed record DecisionFigures(int Total, IReadOnlyDictionary<string, int> ByOutcome, double? MedianHoursToDecision, int ByExpert, int WithSecondApproval);

public sealed record AppealFigures(int Decided, int Confirmed, int Reversed, int PendingNow);

/// <summary>Cases signposted to external bodies, and the outcomes those bodies reported back (Art. 24(1)(a)).</summary>
public sealed record OutOfCourtFigures(int CasesSignposted, int OutcomesReported, IReadOnlyDictionary<string, int> ByOutcome, double? MedianDaysToOutcome, double? ShareImplemented);

/// <summary>
/// Suspensions imposed, split as Art. 24(1)(b) asks for Art. 23, each suspension (case and account) counted once, in
/// the period it was first imposed: an appeal that confirms it or changes its terms imposes nothing new. The label of
/// each comes from the reviewed mapping reference/art23-labels.json (<see cref="Art23Labels"/>).
/// </summary>
public sealed record SuspensionFigures(int Total, int ManifestlyIllegalContent, int ManifestlyUnfoundedNotices, int ManifestlyUnfoundedComplaints, int OtherTermsBreaches);

/// <summary>The DSA Art. 15/24 figures for [From, To).</summary>
public sealed record TransparencyFigures(
    DateTimeOffset From, DateTimeOffset To, ComplaintFigures Complaints, DecisionFigures Decisions, AppealFigures Appeals,
    OutOfCourtFigures OutOfCourt, SuspensionFigures Suspensions);

/// <summary>One decision as the figures need it.</summary>
public sealed record DecisionFact(Guid ComplaintId, int Number, string Stage, string Status, string Category, IReadOnlyList<string> Outcomes,
    DateTimeOffset FiledAt, DateTimeOffset DecidedAt, string? ApprovedBy, string ComplainantSide = "");

public sealed record ExternalOutcomeFact(Guid ComplaintId, string BodyId, string Outcome, DateTimeOffset SubmittedAt, DateTimeOffset DecidedAt, bool Implemented);

/// <summary>Queries over stored cases for the transparency figures.</summary>
public interface ITransparencyQueries
{
    Task<IReadOnlyList<(string Category, string Side, int Count)>> ComplaintsFiledAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Decisions decided in [from, to) that took effect at some point (effective, confirmed or reversed).</summary>
    Task<IReadOnlyList<DecisionFact>> DecisionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<int> PendingAppealsAsync(CancellationToken cancellationToken);

    /// <summary>Cases that had at least one signposting message sent in [from, to).</summary>
    Task<int> CasesSignpostedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExternalOutcomeFact>> ExternalOutcomesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>For each case, the complainant and the suspended accounts of each decision (by decision number).</summary>
    Task<IReadOnlyDictionary<Guid, (string ComplainantId, string RespondentId, IReadOnlyDictionary<int, IReadOnlyList<string>> Suspended)>> SuspensionsAsync(
        IReadOnlyCollection<Guid> complaintIds, CancellationToken cancellationToken);

    void AddExternalOutcome(ExternalOutcomeFact outcome, string reportedBy, DateTimeOffset reportedAt);
}
