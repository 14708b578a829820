using System.Text.Json;

namespace Disputes.Application.Compliance.Transparency;

/// <summary>One rule of <c>reference/art23-labels.json</c>: whose suspension, at which stage, in which cases, counts under which label.</summary>
public sealed record Art23Rule(string Suspended, string Stage, string ComplainantSide, IReadOnlyList<string> Categories, string Label)
{
    public bool Matches(string suspended, string stage, string complainantSide, string category) =>
        (Suspended == "any" || Suspended == suspended) && (Stage == "any" || Stage == stage)
        && (ComplainantSide == "any" || ComplainantSide == complainantSide) && (Categories.Contains("*") || Categories.Contains(category));
}

/// <summary>
/// The reviewed mapping from a suspension to its Art. 23 reason in the figures (Art. 24(1)(b)), read from
/// <c>reference/art23-labels.json</c>: rules in order, the first match wins, the last matches everything.
/// </summary>
public sealed class Art23Labels(IReadOnlyList<Art23Rule> rules)
{
    public const string ManifestlyIllegalContent = "manifestlyIllegalContent";
    public const string ManifestlyUnfoundedNotices = "manifestlyUnfoundedNotices";
    public const string ManifestlyUnfoundedComplaints = "manifestlyUnfoundedComplaints";
    public const string OtherTermsBreaches = "otherTermsBreaches";
    private static readonly string[] Known = [ManifestlyIllegalContent, ManifestlyUnfoundedNotices, ManifestlyUnfoundedComplaints, OtherTermsBreaches];

    public IReadOnlyList<Art23Rule> Rules { get; } = rules;

    /// <param name="suspended"><c>respondent</c> or <c>complainant</c>.</param>
    /// <param name="stage"><c>first-instance</c> or <c>appeal</c>.</param>
    public string LabelOf(string suspended, string stage, string complainantSide, string category) =>
        Rules.First(r => r.Matches(suspended, stage, complainantSide, category)).Label;

    public static Art23Labels Load(string folder) => Reference.ReferenceData.Read(folder, "art23-labels.json", root =>
    {
        var rules = root.GetProperty("rules").EnumerateArray().Select(r => new Art23Rule(
            r.GetProperty("suspended").GetString()!, r.GetProperty("stage").GetString()!, r.GetProperty("complainantSide").GetString()!,
            r.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList(), r.GetProperty("label").GetString()!)).ToList();
        if (rules.Count == 0) throw new InvalidDataException("rules: none given");
        foreach (var r in rules.Where(r => !Known.Contains(r.Label))) throw new InvalidDataException($"rules: '{r.Label}' is not one of {string.Join(", ", Known)}");
        var last = rules[^1];
        if (last is not { Suspended: "any", Stage: "any", ComplainantSide: "any" } || !last.Categories.Contains("*"))
            throw new InvalidDataException("rules: the last rule must match every suspension");
        return new Art23Labels(rules);
    });
}
