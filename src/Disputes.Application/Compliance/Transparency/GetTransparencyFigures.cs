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

        var decisions = await queries.DecisionsAsync(from, to, cancellationToken);
        var first = decisions.Where(d => FirstInstance.Contains(d.Stage)).ToList();
        var decisionFigures = new DecisionFigures(first.Count,
            Sorted(first.SelectMany(d => d.Outcomes).GroupBy(o => o).Select(g => (g.Key, g.Count()))),
            Median(first.Select(d => (d.DecidedAt - d.FiledAt).TotalHours)),
            first.Count(d => d.Stage == "Expert"), first.Count(d => d.ApprovedBy is not null));

        var appeals = decisions.Where(d => d.Stage == "Appeal").ToList();
        var appealFigures = new AppealFigures(appeals.Count, appeals.Count(d => d.Status == "Confirmed"), appeals.Count(d => d.Status != "Confirmed"),
            await queries.PendingAppealsAsync(cancellationToken));

        var external = await queries.ExternalOutcomesAsync(from, to, cancellationToken);
        var inFavour = external.Where(e => e.Outcome is "upheld" or "partly-upheld").ToList();
        var outOfCourt = new OutOfCourtFigures(await queries.CasesSignpostedAsync(from, to, cancellationToken), external.Count,
            Sorted(external.GroupBy(e => e.Outcome).Select(g => (g.Key, g.Count()))),
            Median(external.Select(e => (e.DecidedAt - e.SubmittedAt).TotalDays)),
            inFavour.Count == 0 ? null : Math.Round((double)inFavour.Count(e => e.Implemented) / inFavour.Count, 4));

        var suspending = decisions.Where(d => d.Outcomes.Contains("account-suspension")).ToList();
        var parties = await queries.SuspensionsAsync(suspending.Select(d => d.ComplaintId).Distinct().ToList(), cancellationToken);
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in suspending)
        {
            if (!parties.TryGetValue(d.ComplaintId, out var p) || !p.Suspended.TryGetValue(d.Number, out var accounts)) continue;
            foreach (var account in accounts)
            {
                // Each suspension once: not again when an appeal confirms it or revises its terms (an earlier decision of the case suspended the account already).
                if (p.Suspended.Any(e => e.Key < d.Number && e.Value.Contains(account))) continue;
                var label = labels.LabelOf(account == p.ComplainantId ? "complainant" : "respondent", d.Stage == "Appeal" ? "appeal" : "first-instance", d.ComplainantSide, d.Category);
                counted[label] = counted.GetValueOrDefault(label) + 1;
            }
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
