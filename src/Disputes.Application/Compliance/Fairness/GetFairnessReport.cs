using System.Globalization;
using Disputes.Application.Compliance.Transparency;
using Disputes.Domain;
using Mediator;

namespace Disputes.Application.Compliance.Fairness;

/// <summary>One reviewer's figures in one category, next to those of the peers who decided cases of the same category.</summary>
public sealed record CategoryComparison(
    string Category, int Decisions, int PeerDecisions, IReadOnlyDictionary<string, double> OutcomeMix, IReadOnlyDictionary<string, double> PeerOutcomeMix,
    double? MedianHoursToDecision, double? PeerMedianHoursToDecision, int ReversedOnAppeal, double ReversalRate, double PeerReversalRate, IReadOnlyList<string> Flags);

public sealed record ReviewerFairness(string ReviewerId, int Decisions, int Recusals, IReadOnlyList<CategoryComparison> Categories);

public sealed record FourEyesCase(Guid ComplaintId, string CaseNumber, int Decision, string DecidedBy, string? ApprovedBy, string Status, string Problem);

/// <summary>Decisions that needed a second expert (suspensions, referrals): how many had one who was not the decider.</summary>
public sealed record FourEyesCompliance(int Required, int Compliant, int Pending, IReadOnlyList<FourEyesCase> Violations);

/// <summary>A task taken outside the automatic assignment (claimed) or taken back from its assignee by someone else.</summary>
public sealed record AssignmentOverride(Guid? ComplaintId, string Action, string By, string Role, DateTimeOffset At, string? Activity, string? PreviousAssignee);

public sealed record FairnessReport(
    DateTimeOffset From, DateTimeOffset To, int MinimumDecisions, double Threshold, IReadOnlyList<ReviewerFairness> Reviewers,
    FourEyesCompliance FourEyes, IReadOnlyList<AssignmentOverride> AssignmentOverrides);

public sealed record FairnessDecision(Guid ComplaintId, string CaseNumber, int Number, string Stage, string Status, string Category, IReadOnlyList<string> Outcomes,
    string DecidedBy, DateTimeOffset FiledAt, DateTimeOffset DecidedAt, string? ApprovedBy, bool NeedsSecondApproval);

public interface IFairnessQueries
{
    /// <summary>First-instance decisions (review, expert) decided in [from, to), whatever became of them.</summary>
    Task<IReadOnlyList<FairnessDecision>> DecisionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, int>> RecusalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<IReadOnlyList<AssignmentOverride>> OverridesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>
/// Fairness checks for compliance staff, for [From, To): per reviewer and category, the outcome mix, the median time to
/// decision and the share reversed on appeal, each next to the peers' (everyone else who decided that category); recusals
/// (declared conflicts); four-eyes compliance; assignment overrides and by whom. A figure is flagged when the reviewer has
/// at least <see cref="MinimumDecisions"/> decisions in the category and differs from the peers by <see cref="Threshold"/>
/// or more (a share), or takes more than twice the peers' median time. A flag is a question to ask, not a finding.
/// </summary>
public sealed record GetFairnessReport(DateTimeOffset From, DateTimeOffset To, int MinimumDecisions = 5, double Threshold = 0.25) : IQuery<FairnessReport>;

public sealed class GetFairnessReportHandler(IFairnessQueries queries) : IQueryHandler<GetFairnessReport, FairnessReport>
{
    public async ValueTask<FairnessReport> Handle(GetFairnessReport query, CancellationToken cancellationToken)
    {
        if (query.To <= query.From) throw new DomainRuleException("to", "'to' must be after 'from'.");
        if (query.MinimumDecisions < 1 || query.Threshold is <= 0 or > 1) throw new DomainRuleException("threshold", "minimumDecisions is at least 1 and threshold is a share between 0 and 1.");
        var decisions = await queries.DecisionsAsync(query.From, query.To, cancellationToken);
        var recusals = await queries.RecusalsAsync(query.From, query.To, cancellationToken);
        var judged = decisions.Where(d => d.Status is not "AwaitingApproval" and not "Rejected").ToList();

        var reviewers = judged.Select(d => d.DecidedBy).Concat(recusals.Keys).Distinct().Order(StringComparer.Ordinal).Select(reviewer =>
        {
            var categories = judged.Where(d => d.DecidedBy == reviewer).GroupBy(d => d.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var own = g.ToList();
                var peers = judged.Where(d => d.Category == g.Key && d.DecidedBy != reviewer).ToList();
                var mix = Mix(own);
                var peerMix = Mix(peers);
                var median = GetTransparencyFiguresHandler.Median(own.Select(Hours));
                var peerMedian = GetTransparencyFiguresHandler.Median(peers.Select(Hours));
                var reversed = own.Count(d => d.Status == "Reversed");
                var rate = Rate(reversed, own.Count);
                var peerRate = Rate(peers.Count(d => d.Status == "Reversed"), peers.Count);
                var flags = new List<string>();
                if (own.Count >= query.MinimumDecisions && peers.Count > 0)
                {
                    foreach (var kind in mix.Keys.Union(peerMix.Keys).Order(StringComparer.Ordinal))
                    {
                        var a = mix.GetValueOrDefault(kind);
                        var b = peerMix.GetValueOrDefault(kind);
                        if (Math.Abs(a - b) >= query.Threshold) flags.Add($"outcome mix: {Percent(a)} {kind} against {Percent(b)} for peers");
                    }
                    if (median is { } m && peerMedian is { } pm && pm > 0 && m > 2 * pm) flags.Add(string.Create(CultureInfo.InvariantCulture, $"time to decision: median {m:0.#} h against {pm:0.#} h for peers"));
                    if (rate - peerRate >= query.Threshold) flags.Add($"reversed on appeal: {Percent(rate)} against {Percent(peerRate)} for peers");
                }
                return new CategoryComparison(g.Key, own.Count, peers.Count, mix, peerMix, median, peerMedian, reversed, rate, peerRate, flags);
            }).ToList();
            return new ReviewerFairness(reviewer, categories.Sum(c => c.Decisions), recusals.GetValueOrDefault(reviewer), categories);
        }).ToList();

        var needing = decisions.Where(d => d.NeedsSecondApproval).ToList();
        var violations = new List<FourEyesCase>();
        int compliant = 0, pending = 0;
        foreach (var d in needing)
        {
            if (d.Status == "AwaitingApproval") { pending++; continue; }
            var problem = d.ApprovedBy is null ? "took effect without a second expert's approval"
                : d.ApprovedBy == d.DecidedBy ? "approved by the decider" : null;
            if (problem is null) compliant++;
            else violations.Add(new FourEyesCase(d.ComplaintId, d.CaseNumber, d.Number, d.DecidedBy, d.ApprovedBy, d.Status, problem));
        }
        var overrides = await queries.OverridesAsync(query.From, query.To, cancellationToken);
        return new FairnessReport(query.From, query.To, query.MinimumDecisions, query.Threshold, reviewers,
            new FourEyesCompliance(needing.Count, compliant, pending, violations), overrides);
    }

    private static string Percent(double share) => Math.Round(share * 100).ToString(CultureInfo.InvariantCulture) + "%";

    private static double Hours(FairnessDecision d) => (d.DecidedAt - d.FiledAt).TotalHours;

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static Dictionary<string, double> Mix(List<FairnessDecision> decisions) =>
        decisions.SelectMany(d => d.Outcomes).GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Rate(g.Count(), decisions.Count), StringComparer.Ordinal);
}
