using System.Globalization;
using System.Text;
using Disputes.Domain;
using Mediator;

namespace Disputes.Application.Compliance.Transparency;

/// <summary>
/// The figures DSA Art. 15 and 24 ask for, for any period [From, To): complaints received by basis, decisions by
/// outcome, median time to decision, appeals and reversals, cases signposted and the outcomes external bodies reported,
/// suspensions split as Art. 23 requires. Every figure is a query over the stored cases.
/// </summary>
public sealed record GetTransparencyFigures(DateTimeOffset From, DateTimeOffset To) : IQuery<TransparencyFigures>;

public sealed class GetTransparencyFiguresHandler(ITransparencyQueries queries, Art23Labels labels) : IQueryHandler<GetTransparencyFigures, TransparencyFigures>
{
    private static readonly HashSet<string> FirstInstance = new(StringComparer.Ordinal) { "Review", "Expert" };

    public async ValueTask<TransparencyFigures> Handle(GetTransparencyFigures query, CancellationToken cancellationToken)
    {
        if (query.To <= query.From) throw new DomainRuleException("to", "'to' must be after 'from'.");
        var (from, to) = (query.From, query.To);

        var filed = await queries.ComplaintsFiledAsync(from, to, cancellationToken);
        var complaints = new ComplaintFigures(filed.Sum(f => f.Count),
            Sorted(filed.GroupBy(f => f.Category).Select(g => (g.Key, g.Sum(x => x.Count)))),
            Sorted(filed.GroupBy(f => f.Side).Select(g => (g.Key, g.Sum(x => x.Count)))));

        // Counted in the database: memory does not grow with the period.
        var counts = await queries.DecisionCountsAsync(from, to, cancellationToken);
        var first = counts.Where(d => FirstInstance.Contains(d.Stage)).ToList();
        var median = await queries.MedianHoursToDecisionAsync(from, to, FirstInstance, cancellationToken);
        var decisionFigures = new DecisionFigures(first.Sum(d => d.Count),
            Sorted(first.SelectMany(d => d.OutcomeKinds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(o => (o, d.Count))).GroupBy(x => x.o).Select(g => (g.Key, g.Sum(x => x.Count)))),
            median is { } m ? Math.Round(m, 2) : null,
            first.Where(d => d.Stage == "Expert").Sum(d => d.Count), first.Where(d => d.Approved).Sum(d => d.Count));

        var appeals = counts.Where(d => d.Stage == "Appeal").ToList();
        var appealFigures = new AppealFigures(appeals.Sum(d => d.Count), appeals.Where(d => d.Status == "Confirmed").Sum(d => d.Count), appeals.Where(d => d.Status != "Confirmed").Sum(d => d.Count),
            await queries.PendingAppealsAsync(cancellationToken));

        var external = await queries.ExternalOutcomeFiguresAsync(from, to, cancellationToken);
        var inFavour = external.ByOutcome.Where(e => e.Outcome is "upheld" or "partly-upheld").ToList();
        var inFavourCount = inFavour.Sum(e => e.Count);
        var outOfCourt = new OutOfCourtFigures(await queries.CasesSignpostedAsync(from, to, cancellationToken), external.ByOutcome.Sum(e => e.Count),
            Sorted(external.ByOutcome.Select(e => (e.Outcome, e.Count))),
            external.MedianDays is { } days ? Math.Round(days, 2) : null,
            inFavourCount == 0 ? null : Math.Round((double)inFavour.Sum(e => e.Implemented) / inFavourCount, 4));

        // Counted in the database by what the label depends on; each group is labelled here (reference/art23-labels.json).
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in await queries.SuspensionCountsAsync(from, to, cancellationToken))
        {
            var label = labels.LabelOf(g.Suspended, g.Stage, g.ComplainantSide, g.Category);
            counted[label] = counted.GetValueOrDefault(label) + g.Count;
        }
        int Count(string label) => counted.GetValueOrDefault(label);
        var suspensions = new SuspensionFigures(counted.Values.Sum(), Count(Art23Labels.ManifestlyIllegalContent), Count(Art23Labels.ManifestlyUnfoundedNotices),
            Count(Art23Labels.ManifestlyUnfoundedComplaints), Count(Art23Labels.OtherTermsBreaches));
        return new TransparencyFigures(from, to, complaints, decisionFigures, appealFigures, outOfCourt, suspensions);
    }

    private static Dictionary<string, int> Sorted(IEnumerable<(string Key, int Count)> items) =>
        items.OrderBy(i => i.Key, StringComparer.Ordinal).ToDictionary(i => i.Key, i => i.Count, StringComparer.Ordinal);

    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var mid = sorted.Count / 2;
        return Math.Round(sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 2);
    }
}

/// <summary>The figures as CSV: one line per figure (section, figure, key, value).</summary>
public static class TransparencyCsv
{
    public static string Write(TransparencyFigures f)
    {
        var csv = new StringBuilder("section,figure,key,value\r\n");
        static string Figure(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
        void Line(string section, string figure, string key, object? value) =>
            csv.Append(section).Append(',').Append(figure).Append(',').Append(key).Append(',').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("\r\n");
        Line("period", "from", "", f.From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Line("period", "to", "", f.To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Line("complaints", "received", "", f.Complaints.Received);
        foreach (var (k, v) in f.Complaints.ByBasis) Line("complaints", "byBasis", k, v);
        foreach (var (k, v) in f.Complaints.ByComplainant) Line("complaints", "byComplainant", k, v);
        Line("decisions", "total", "", f.Decisions.Total);
        foreach (var (k, v) in f.Decisions.ByOutcome) Line("decisions", "byOutcome", k, v);
        Line("decisions", "medianHoursToDecision", "", f.Decisions.MedianHoursToDecision);
        Line("decisions", "byExpert", "", f.Decisions.ByExpert);
        Line("decisions", "withSecondApproval", "", f.Decisions.WithSecondApproval);
        Line("appeals", Figure(nameof(f.Appeals.Decided)), "", f.Appeals.Decided);
        Line("appeals", Figure(nameof(f.Appeals.Confirmed)), "", f.Appeals.Confirmed);
        Line("appeals", Figure(nameof(f.Appeals.Reversed)), "", f.Appeals.Reversed);
        Line("appeals", "pendingNow", "", f.Appeals.PendingNow);
        Line("outOfCourt", "casesSignposted", "", f.OutOfCourt.CasesSignposted);
        Line("outOfCourt", "outcomesReported", "", f.OutOfCourt.OutcomesReported);
        foreach (var (k, v) in f.OutOfCourt.ByOutcome) Line("outOfCourt", "byOutcome", k, v);
        Line("outOfCourt", "medianDaysToOutcome", "", f.OutOfCourt.MedianDaysToOutcome);
        Line("outOfCourt", "shareImplemented", "", f.OutOfCourt.ShareImplemented);
        Line("suspensions", "total", "", f.Suspensions.Total);
        Line("suspensions", "manifestlyIllegalContent", "", f.Suspensions.ManifestlyIllegalContent);
        Line("suspensions", "manifestlyUnfoundedNotices", "", f.Suspensions.ManifestlyUnfoundedNotices);
        Line("suspensions", "manifestlyUnfoundedComplaints", "", f.Suspensions.ManifestlyUnfoundedComplaints);
        Line("suspensions", "otherTermsBreaches", "", f.Suspensions.OtherTermsBreaches);
        return csv.ToString();
    }
}
