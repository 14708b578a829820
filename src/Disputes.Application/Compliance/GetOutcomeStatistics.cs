using System.Globalization;
using Disputes.Application.Security;
using Disputes.Domain;
using Mediator;

namespace Disputes.Application.Compliance;

/// <summary>
/// Outcome statistics per calendar month (UTC) of the decision: the outcome mix, the time from filing to the first
/// decision, deadlines breached on staff steps, and appeals confirmed or reversed.
/// </summary>
public sealed record GetOutcomeStatistics(DateTimeOffset? From, DateTimeOffset? To, string? Category = null) : IQuery<OutcomeStatistics>;

public sealed record MonthCount(string Month, string Key, int Count);

public sealed record MonthDuration(string Month, int Decisions, double AverageDays, double MedianDays);

public sealed record MonthAppeals(string Month, int Confirmed, int Reversed);

/// <summary>
/// <see cref="Decisions"/> counts the decisions that took effect in the period: rejected ones, those awaiting approval and
/// appeal confirmations (which repeat the outcomes under appeal) are left out.
/// </summary>
public sealed record OutcomeStatistics(
    IReadOnlyList<string> Months, IReadOnlyList<MonthCount> OutcomeMix, IReadOnlyList<MonthDuration> TimeToDecision,
    IReadOnlyList<MonthCount> SlaBreaches, IReadOnlyList<MonthAppeals> Appeals, int Decisions);

public sealed class GetOutcomeStatisticsHandler(IDecisionSearch search, ICurrentUser user) : IQueryHandler<GetOutcomeStatistics, OutcomeStatistics>
{
    /// <summary>The staff steps whose deadlines are service levels (party deadlines are not breaches).</summary>
    public static readonly IReadOnlyList<string> StaffSteps = Complaints.ComplaintProcess.ServiceLevelSteps;

    /// <summary>Statistics read at most this many decisions (the demo and test scale; beyond it they come from the transparency figures).</summary>
    public const int MaxDecisions = 20000;

    public async ValueTask<OutcomeStatistics> Handle(GetOutcomeStatistics query, CancellationToken cancellationToken)
    {
        ComplianceAccess.Require(user);
        SearchDecisionsHandler.Validate(new DecisionFilter(query.From, query.To, null, query.Category, null, null));
        var decisions = (await search.SearchAsync(new DecisionFilter(query.From, query.To, null, query.Category, null, null), 1, MaxDecisions, cancellationToken)).Items;
        var breaches = await search.BreachesAsync(query.From, query.To, StaffSteps, cancellationToken);

        // Decisions that took effect: first-instance decisions that were not rejected or left awaiting approval
        // (later confirmed or reversed on appeal, or not), and appeal decisions that reversed (status Effective).
        // An appeal that confirms repeats the outcomes under appeal, so it is counted among appeals only.
        var tookEffect = decisions.Where(d => d.Stage == "Appeal" ? d.Status == "Effective" : d.Status is "Effective" or "Confirmed" or "Reversed").ToList();
        var mix = tookEffect
            .SelectMany(d => d.Outcomes.Select(o => (Month: Month(d.DecidedAt), Kind: o)))
            .GroupBy(x => x).Select(g => new MonthCount(g.Key.Month, g.Key.Kind, g.Count()))
            .OrderBy(m => m.Month, StringComparer.Ordinal).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        var durations = tookEffect.Where(d => d.Stage != "Appeal")
            .GroupBy(d => d.ComplaintId).Select(g => g.MinBy(d => d.Number)!)
            .GroupBy(d => Month(d.DecidedAt))
            .Select(g =>
            {
                var days = g.Select(d => (d.DecidedAt - d.FiledAt).TotalDays).Order().ToList();
                var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
                return new MonthDuration(g.Key, days.Count, Math.Round(days.Average(), 1, MidpointRounding.AwayFromZero), Math.Round(median, 1, MidpointRounding.AwayFromZero));
            })
            .OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        var sla = breaches.GroupBy(b => (Month: Month(b.At), b.Step)).Select(g => new MonthCount(g.Key.Month, g.Key.Step, g.Count()))
            .OrderBy(m => m.Month, StringComparer.Ordinal).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        var appeals = decisions.Where(d => d.Stage == "Appeal")
            .GroupBy(d => Month(d.DecidedAt))
            .Select(g => new MonthAppeals(g.Key, g.Count(d => d.Status == "Confirmed"), g.Count(d => d.Status == "Effective")))
            .OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        var months = mix.Select(m => m.Month).Concat(durations.Select(d => d.Month)).Concat(sla.Select(s => s.Month)).Concat(appeals.Select(a => a.Month))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new OutcomeStatistics(months, mix, durations, sla, appeals, tookEffect.Count);
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
