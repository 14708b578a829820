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

    /// <summary>First-instance statuses of a decision that took effect (later confirmed or reversed on appeal, or not).</summary>
    private static readonly string[] TookEffect = ["Effective", "Confirmed", "Reversed"];

    public async ValueTask<OutcomeStatistics> Handle(GetOutcomeStatistics query, CancellationToken cancellationToken)
    {
        ComplianceAccess.Require(user);
        SearchDecisionsHandler.Validate(new DecisionFilter(query.From, query.To, null, query.Category, null, null));
        var mix = new List<MonthCount>();
        var durations = new List<MonthDuration>();
        var sla = new List<MonthCount>();
        var appeals = new List<MonthAppeals>();
        var decisions = 0;
        // Every figure is counted in the database, one calendar month (UTC) at a time: what is read does not grow with
        // the number of decisions, only with the number of months and distinct outcome combinations.
        var span = await search.DecisionSpanAsync(query.Category, cancellationToken);
        var from = (query.From ?? span?.First)?.ToUniversalTime();
        var to = (query.To ?? span?.Last.AddSeconds(1))?.ToUniversalTime();
        if (from is null || to is null) return new OutcomeStatistics([], [], [], [], [], 0);
        for (var month = MonthStart(from.Value); month < to; month = month.AddMonths(1))
        {
            var start = month < from ? from.Value : month;
            var end = month.AddMonths(1) > to ? to.Value : month.AddMonths(1);
            var name = Month(month);
            var groups = await search.DecisionGroupsAsync(start, end, query.Category, cancellationToken);
            // Decisions that took effect: first-instance decisions that were not rejected or left awaiting approval,
            // and appeal decisions that reversed (status Effective). An appeal that confirms repeats the outcomes
            // under appeal, so it is counted among appeals only.
            var effective = groups.Where(g => g.Stage == "Appeal" ? g.Status == "Effective" : TookEffect.Contains(g.Status)).ToList();
            decisions += effective.Sum(g => g.Count);
            mix.AddRange(effective.SelectMany(g => g.OutcomeKinds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kind => (kind, g.Count)))
                .GroupBy(x => x.kind).Select(x => new MonthCount(name, x.Key, x.Sum(y => y.Count))).OrderBy(m => m.Key, StringComparer.Ordinal));
            var days = await search.FirstDecisionDaysAsync(start, end, query.Category, TookEffect, cancellationToken);
            if (days.Count > 0)
                durations.Add(new MonthDuration(name, days.Count, Math.Round(days.AverageDays, 1, MidpointRounding.AwayFromZero), Math.Round(days.MedianDays, 1, MidpointRounding.AwayFromZero)));
            sla.AddRange((await search.BreachCountsAsync(start, end, StaffSteps, cancellationToken)).Where(b => b.Value > 0)
                .Select(b => new MonthCount(name, b.Key, b.Value)).OrderBy(m => m.Key, StringComparer.Ordinal));
            var appealGroups = groups.Where(g => g.Stage == "Appeal").ToList();
            if (appealGroups.Count > 0)
                appeals.Add(new MonthAppeals(name, appealGroups.Where(g => g.Status == "Confirmed").Sum(g => g.Count), appealGroups.Where(g => g.Status == "Effective").Sum(g => g.Count)));
        }
        var months = mix.Select(m => m.Month).Concat(durations.Select(d => d.Month)).Concat(sla.Select(s => s.Month)).Concat(appeals.Select(a => a.Month))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new OutcomeStatistics(months, mix, durations, sla, appeals, decisions);
    }

    private static DateTimeOffset MonthStart(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
