namespace Disputes.Domain.Complaints;

/// <summary>What a complaint is about. The wire names are kebab-case (<see cref="Categories"/>).</summary>
public enum ComplaintCategory { NotReceived, NotAsDescribed, Damaged, Counterfeit, Fraud, Other }

public static class Categories
{
    private static readonly Dictionary<string, ComplaintCategory> ByName = new(StringComparer.Ordinal)
    {
        ["not-received"] = ComplaintCategory.NotReceived,
        ["not-as-described"] = ComplaintCategory.NotAsDescribed,
        ["damaged"] = ComplaintCategory.Damaged,
        ["counterfeit"] = ComplaintCategory.Counterfeit,
        ["fraud"] = ComplaintCategory.Fraud,
        ["other"] = ComplaintCategory.Other,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out ComplaintCategory category) => ByName.TryGetValue(name ?? "", out category);

    public static string Name(this ComplaintCategory category) => ByName.First(kv => kv.Value == category).Key;

    /// <summary>A problem with the items themselves (as opposed to a question about the order).</summary>
    /// <summary>A problem with an item (the source policy: "email for any problem with items"): not received, not as described, damaged, counterfeit, fraud.</summary>
    public static bool IsItemProblem(this ComplaintCategory category) => category is not ComplaintCategory.Other;
}
