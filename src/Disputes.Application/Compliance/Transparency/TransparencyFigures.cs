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

/// <summary>
/// Suspensions counted in the database by what their Art. 23 label depends on: whose account (<c>complainant</c> or
/// <c>respondent</c>), at which stage (<c>first-instance</c> or <c>appeal</c>), the case's complainant side and category.
/// </summary>
public sealed record SuspensionCount(string Suspended, string Stage, string ComplainantSide, string Category, int Count);

/// <param name="OutcomeKinds">As stored: <c>,a,b,</c>.</param>
public sealed record DecisionCount(string Stage, string Status, string OutcomeKinds, bool Approved, int Count);

public sealed record ExternalOutcomeCount(string Outcome, int Count, int Implemented);

public sealed record ExternalOutcomeFigures(IReadOnlyList<ExternalOutcomeCount> ByOutcome, double? MedianDays);

public sealed record ExternalOutcomeFact(Guid ComplaintId, string BodyId, string Outcome, DateTimeOffset SubmittedAt, DateTimeOffset DecidedAt, bool Implemented);

/// <summary>Queries over stored cases for the transparency figures.</summary>
public interface ITransparencyQueries
{
    Task<IReadOnlyList<(string Category, string Side, int Count)>> ComplaintsFiledAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Decisions decided in [from, to) that took effect at some point (effective, confirmed or reversed), counted in the database by stage, status, outcome combination and
    /// whether a second expert approved: what is read does not grow with the number of decisions.
    /// </summary>
    Task<IReadOnlyList<DecisionCount>> DecisionCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The median hours from filing to decision of those decisions at the given stages (null: none), computed in the database.</summary>
    Task<double?> MedianHoursToDecisionAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> stages, CancellationToken cancellationToken);

    /// <summary>
    /// The account suspensions of the decisions decided in [from, to) that took effect (effective, confirmed or
    /// reversed), each suspension (case and account) once: not again when a later decision of the case suspends an
    /// account an earlier decision of the case suspended already. Counted in the database: what is read does not grow
    /// with the number of decisions.
    /// </summary>
    Task<IReadOnlyList<SuspensionCount>> SuspensionCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<int> PendingAppealsAsync(CancellationToken cancellationToken);

    /// <summary>Cases that had at least one signposting message sent in [from, to).</summary>
    Task<int> CasesSignpostedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// The outcomes external bodies reported as decided in [from, to): how many of each outcome (and of those, how many
    /// were implemented), and the median days from submission to outcome (null: none); counted in the database.
    /// </summary>
    Task<ExternalOutcomeFigures> ExternalOutcomeFiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    void AddExternalOutcome(ExternalOutcomeFact outcome, string reportedBy, DateTimeOffset reportedAt);
}
