using System.Text.Json;

namespace Disputes.Application.Compliance.Statements;

/// <summary>How one restricting outcome is expressed in the Transparency Database format.</summary>
public sealed record DsaOutcomeMapping(string Field, string Value, string? PermanentValue, string? EndDateField);

/// <summary>How one complaint category is expressed: ground (illegal or incompatible with our terms), category, keywords, source.</summary>
public sealed record DsaCategoryMapping(string Ground, string? LegalGround, string Category, IReadOnlyList<string> Keywords, string Source)
{
    public bool Illegal => Ground == "illegal";
}

/// <summary>
/// The mapping from our outcomes and categories to the DSA Transparency Database format, read from
/// <c>reference/dsa-mapping.json</c> (regulation.md: rules and lists are data, not constants in code).
/// </summary>
public sealed record DsaMapping(
    IReadOnlyList<string> TerritorialScope, IReadOnlyList<string> ContentType,
    IReadOnlyDictionary<string, DsaOutcomeMapping> Outcomes, IReadOnlyDictionary<string, DsaCategoryMapping> Categories)
{
    public static DsaMapping Load(string folder) => Reference.ReferenceData.Read(folder, "dsa-mapping.json", root =>
    {
        static List<string> Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString() ?? throw new InvalidDataException("a list holds a non-string")).ToList();
        static string? Opt(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var outcomes = root.GetProperty("outcomes").EnumerateObject().ToDictionary(o => o.Name,
            o => new DsaOutcomeMapping(o.Value.GetProperty("field").GetString()!, o.Value.GetProperty("value").GetString()!, Opt(o.Value, "permanentValue"), Opt(o.Value, "endDateField")), StringComparer.Ordinal);
        var categories = root.GetProperty("categories").EnumerateObject().ToDictionary(c => c.Name,
            c => new DsaCategoryMapping(c.Value.GetProperty("ground").GetString()!, Opt(c.Value, "legalGround"), c.Value.GetProperty("category").GetString()!,
                Strings(c.Value.GetProperty("keywords")), c.Value.GetProperty("source").GetString()!), StringComparer.Ordinal);
        var mapping = new DsaMapping(Strings(root.GetProperty("territorialScope")), Strings(root.GetProperty("contentType")), outcomes, categories);
        mapping.Check();
        return mapping;
    });

    /// <summary>A mapping that names a value the format does not allow stops start-up.</summary>
    private void Check()
    {
        foreach (var c in TerritorialScope.Where(c => !DsaValidator.Countries.Contains(c))) throw new InvalidDataException($"territorialScope: '{c}' is not an EU/EEA country code");
        foreach (var t in ContentType.Where(t => !DsaValidator.ContentTypes.Contains(t))) throw new InvalidDataException($"contentType: '{t}' is not allowed");
        foreach (var kind in new[] { "item-removal", "account-suspension", "account-restriction" })
            if (!Outcomes.ContainsKey(kind)) throw new InvalidDataException($"outcomes: '{kind}' is missing");
        foreach (var name in Domain.Complaints.Categories.Names)
        {
            if (!Categories.TryGetValue(name, out var c)) throw new InvalidDataException($"categories: '{name}' is missing");
            if (!DsaValidator.Categories.Contains(c.Category)) throw new InvalidDataException($"categories.{name}: '{c.Category}' is not a statement category");
            if (c.Keywords.FirstOrDefault(k => !DsaValidator.Keywords.Contains(k)) is { } k) throw new InvalidDataException($"categories.{name}: '{k}' is not a keyword");
            if (!DsaValidator.Sources.Contains(c.Source)) throw new InvalidDataException($"categories.{name}: '{c.Source}' is not a source type");
            if (c.Illegal && string.IsNullOrWhiteSpace(c.LegalGround)) throw new InvalidDataException($"categories.{name}: an illegal-content ground needs 'legalGround'");
        }
    }
}
