using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Disputes.Application.Compliance.Statements;

/// <summary>
/// Every rule of the DSA Transparency Database format (API v1: restriction fields, grounds, categories, keywords, dates, source, automation, puid), checked before a
/// statement leaves: required fields, allowed values, lengths, dates, the puid pattern, and no personal data
/// (no e-mail address or phone number anywhere, and none of the names and identifiers the caller says are personal).
/// </summary>
public static partial class DsaValidator
{
    public static readonly IReadOnlySet<string> Visibility = new HashSet<string>(StringComparer.Ordinal)
    {
        "DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED", "DECISION_VISIBILITY_CONTENT_DEMOTED",
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED",
        "DECISION_VISIBILITY_OTHER",
    };
    public static readonly IReadOnlySet<string> Monetary = new HashSet<string>(StringComparer.Ordinal) { "DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER" };
    public static readonly IReadOnlySet<string> Provision = new HashSet<string>(StringComparer.Ordinal)
    {
        "DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION", "DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION",
    };
    public static readonly IReadOnlySet<string> Account = new HashSet<string>(StringComparer.Ordinal) { "DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED" };
    public static readonly IReadOnlySet<string> Grounds = new HashSet<string>(StringComparer.Ordinal) { "DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT" };
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(new[]
    {
        "ANIMAL_WELFARE", "CONSUMER_INFORMATION", "CYBER_VIOLENCE", "CYBER_VIOLENCE_AGAINST_WOMEN", "DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "ILLEGAL_OR_HARMFUL_SPEECH", "INTELLECTUAL_PROPERTY_INFRINGEMENTS", "NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "NOT_SPECIFIED_NOTICE",
        "OTHER_VIOLATION_TC", "PROTECTION_OF_MINORS", "RISK_FOR_PUBLIC_SECURITY", "SCAMS_AND_FRAUD", "SELF_HARM", "UNSAFE_AND_PROHIBITED_PRODUCTS", "VIOLENCE",
    }.Select(c => "STATEMENT_CATEGORY_" + c), StringComparer.Ordinal);
    /// <summary>The keywords relevant to a marketplace (the file lists these; KEYWORD_OTHER needs category_specification_other).</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "KEYWORD_TRADEMARK_INFRINGEMENT", "KEYWORD_INAUTHENTIC_LISTINGS", "KEYWORD_PROHIBITED_PRODUCTS", "KEYWORD_UNSAFE_PRODUCTS", "KEYWORD_UNLAWFUL_SALE_ANIMALS",
        "KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS", "KEYWORD_MISLEADING_INFO_GOODS_SERVICES", "KEYWORD_OTHER",
    };
    public static readonly IReadOnlySet<string> ContentTypes = new HashSet<string>(new[] { "APP", "AUDIO", "IMAGE", "PRODUCT", "SYNTHETIC_MEDIA", "TEXT", "VIDEO", "OTHER" }.Select(c => "CONTENT_TYPE_" + c), StringComparer.Ordinal);
    /// <summary>EU member states and the EEA countries (Iceland, Liechtenstein, Norway).</summary>
    public static readonly IReadOnlySet<string> Countries = new HashSet<string>(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        "IS", "LI", "NO",
    };
    public static readonly IReadOnlySet<string> Sources = new HashSet<string>(StringComparer.Ordinal) { "SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY" };
    public static readonly IReadOnlySet<string> AutomatedDecisions = new HashSet<string>(StringComparer.Ordinal) { "AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED" };
    public static readonly IReadOnlySet<string> AccountTypes = new HashSet<string>(StringComparer.Ordinal) { "ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE" };
    private static readonly IReadOnlySet<string> YesNo = new HashSet<string>(StringComparer.Ordinal) { "Yes", "No" };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    public static partial Regex PuidPattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    /// <summary>An international number (+ and 8 or more digits and separators), a national one (0, then 7 to 11 digits in up to three groups), or 9+ digits in a row.</summary>
    [GeneratedRegex(@"\+\d[\d\s().-]{6,}\d|\b\d{9,}\b|\b0\d{1,3}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b")]
    private static partial Regex Phone();

    /// <summary>The problems, as "field: what is wrong"; empty when the statement may be submitted.</summary>
    public static IReadOnlyList<string> Validate(JsonObject s, IEnumerable<string>? personal = null)
    {
        var errors = new List<string>();
        void Error(string field, string message) => errors.Add($"{field}: {message}");

        string? Text(string field) => s[field] is JsonValue v && v.TryGetValue<string>(out var t) ? t : s[field] is null ? null : "\0";
        List<string>? List(string field)
        {
            if (s[field] is null) return null;
            if (s[field] is not JsonArray a || a.Any(x => x is not JsonValue xv || !xv.TryGetValue<string>(out _))) { Error(field, "must be an array of strings"); return []; }
            return a.Select(x => x!.GetValue<string>()).ToList();
        }
        string? Required(string field, int? max = null)
        {
            var t = Text(field);
            if (t is null || t.Length == 0 || string.IsNullOrWhiteSpace(t)) { Error(field, "is required"); return null; }
            if (t == "\0") { Error(field, "must be a string"); return null; }
            if (max is { } m && t.Length > m) Error(field, $"is at most {m} characters ({t.Length} given)");
            return t;
        }
        string? Optional(string field, int? max = null)
        {
            var t = Text(field);
            if (t is null) return null;
            if (t == "\0") { Error(field, "must be a string"); return null; }
            if (max is { } m && t.Length > m) Error(field, $"is at most {m} characters ({t.Length} given)");
            return t;
        }
        void OneOf(string field, string? value, IReadOnlySet<string> allowed)
        {
            if (value is not null && !allowed.Contains(value)) Error(field, $"'{value}' is not an allowed value");
        }
        void AllOf(string field, List<string>? values, IReadOnlySet<string> allowed)
        {
            foreach (var v in values ?? []) if (!allowed.Contains(v)) Error(field, $"'{v}' is not an allowed value");
            if (values is not null && values.Count != values.Distinct(StringComparer.Ordinal).Count()) Error(field, "contains a value twice");
        }
        DateOnly? Date(string field, bool required)
        {
            var t = required ? Required(field) : Optional(field);
            if (t is null) return null;
            if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) { Error(field, $"'{t}' is not a date YYYY-MM-DD"); return null; }
            return d;
        }

        // Restriction: at least one of the four.
        var visibility = List("decision_visibility");
        var monetary = Optional("decision_monetary");
        var provision = Optional("decision_provision");
        var account = Optional("decision_account");
        if ((visibility is null || visibility.Count == 0) && monetary is null && provision is null && account is null)
            Error("decision_visibility", "at least one restriction is required: decision_visibility, decision_monetary, decision_provision or decision_account");
        AllOf("decision_visibility", visibility, Visibility);
        if (visibility?.Contains("DECISION_VISIBILITY_OTHER") == true) Required("decision_visibility_other", 500);
        else Optional("decision_visibility_other", 500);
        OneOf("decision_monetary", monetary, Monetary);
        if (monetary == "DECISION_MONETARY_OTHER") Required("decision_monetary_other", 500);
        else Optional("decision_monetary_other", 500);
        OneOf("decision_provision", provision, Provision);
        OneOf("decision_account", account, Account);

        // Ground.
        var ground = Required("decision_ground");
        OneOf("decision_ground", ground, Grounds);
        if (ground == "DECISION_GROUND_ILLEGAL_CONTENT")
        {
            Required("illegal_content_legal_ground", 500);
            Required("illegal_content_explanation", 2000);
        }
        else if (ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT")
        {
            Required("incompatible_content_ground", 500);
            Required("incompatible_content_explanation", 2000);
            OneOf("incompatible_content_illegal", Optional("incompatible_content_illegal"), YesNo);
        }
        if (Optional("decision_ground_reference_url") is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            Error("decision_ground_reference_url", "must be an http(s) URL");

        // Category.
        OneOf("category", Required("category"), Categories);
        AllOf("category_addition", List("category_addition"), Categories);
        var keywords = List("category_specification");
        AllOf("category_specification", keywords, Keywords);
        if (keywords?.Contains("KEYWORD_OTHER") == true) Required("category_specification_other", 500);
        else Optional("category_specification_other", 500);

        // Content.
        var contentTypes = List("content_type");
        if (contentTypes is null || contentTypes.Count == 0) Error("content_type", "is required (at least one)");
        AllOf("content_type", contentTypes, ContentTypes);
        if (s["content_id"] is { } contentId && (contentId is not JsonObject ids || ids.Any(kv => kv.Value is not JsonValue)))
            Error("content_id", "must be an object of identifiers, e.g. {\"EAN-13\": \"...\"}");
        Optional("content_language");
        var scope = List("territorial_scope");
        if (scope is null || scope.Count == 0) Error("territorial_scope", "is required (at least one EU/EEA country)");
        AllOf("territorial_scope", scope, Countries);

        // Dates.
        var contentDate = Date("content_date", true);
        var applicationDate = Date("application_date", true);
        if (contentDate is { } c && applicationDate is { } a && a < c) Error("application_date", "is before content_date");
        foreach (var end in new[] { "end_date_account_restriction", "end_date_monetary_restriction", "end_date_service_restriction", "end_date_visibility_restriction" })
        {
            if (Date(end, false) is { } e && applicationDate is { } ad && e < ad) Error(end, "is before application_date");
        }

        Required("decision_facts", 5000);
        var source = Required("source_type");
        OneOf("source_type", source, Sources);
        Optional("source_identity", 500);
        OneOf("automated_detection", Required("automated_detection"), YesNo);
        OneOf("automated_decision", Required("automated_decision"), AutomatedDecisions);
        OneOf("account_type", Optional("account_type"), AccountTypes);

        var puid = Required("puid", 500);
        if (puid is not null && !PuidPattern().IsMatch(puid)) Error("puid", "may contain only A-Z, a-z, 0-9, '_' and '-'");

        // No personal data (Art. 24(5)).
        var all = Strings(s).ToList();
        if (all.Any(v => Email().IsMatch(v))) Error("personal data", "an e-mail address appears in the statement");
        // Phone numbers are looked for in the texts (the puid and the dates are digits by design).
        var texts = s.Where(kv => kv.Key != "puid" && !kv.Key.EndsWith("date", StringComparison.Ordinal) && !kv.Key.StartsWith("end_date", StringComparison.Ordinal)).SelectMany(kv => Strings(kv.Value));
        if (texts.Any(v => Phone().IsMatch(v))) Error("personal data", "a phone number appears in the statement");
        foreach (var term in (personal ?? []).Where(t => t.Length >= 3).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (all.Any(v => v.Contains(term, StringComparison.OrdinalIgnoreCase))) Error("personal data", "a name, identifier or free text of a party appears in the statement");
        }
        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var t) => [t],
        _ => [],
    };
}
