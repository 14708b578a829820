using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Disputes.Application.Reference;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Microsoft.Extensions.Localization;

namespace Disputes.Web.Ui;

/// <summary>
/// The web UI's texts in the nine party languages, from the embedded <c>Ui/ui-texts.json</c> (key → language → text).
/// Keys it does not have (outcomes, categories, contact channels, redress) come from the notification texts of the
/// reference data, so the UI and the e-mails say the same thing. English is the fallback.
/// </summary>
public sealed class UiTexts
{
    public const string CookieName = ".Disputes.Language";

    private readonly Dictionary<string, Dictionary<string, string>> texts;
    private readonly ReferenceData reference;

    public UiTexts(ReferenceData reference)
    {
        this.reference = reference;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Disputes.Web.Ui.ui-texts.json")
            ?? throw new InvalidOperationException("The embedded resource Ui/ui-texts.json is missing.");
        texts = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)
            ?? throw new InvalidOperationException("Ui/ui-texts.json is empty.");
    }

    public IReadOnlyDictionary<string, Dictionary<string, string>> All => texts;

    public static IReadOnlyList<(string Code, string Name)> LanguageNames { get; } =
    [
        ("en", "English"), ("es", "Español"), ("it", "Italiano"), ("fr", "Français"), ("nl", "Nederlands"),
        ("de", "Deutsch"), ("zh", "中文"), ("pt", "Português"), ("pl", "Polski"),
    ];

    public string Get(string language, string key) => Find(language, key) ?? key;

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/> (English when that language lacks it); null when no text has the key.</summary>
    public string? Find(string language, string key)
    {
        if (texts.TryGetValue(key, out var byLanguage))
            return byLanguage.GetValueOrDefault(language) ?? byLanguage.GetValueOrDefault("en");
        return reference.Texts.Has(key) ? reference.Texts.Get(language, key) : null;
    }

    /// <summary>The language to serve: the remembered choice (cookie), else the user's own, else English.</summary>
    public static string Choose(string? cookie, string? userLanguage) =>
        Languages.IsSupported(cookie) ? cookie! : Languages.IsSupported(userLanguage) ? userLanguage! : "en";
}

/// <summary>
/// The texts in the language of this circuit (set once by <c>Routes</c> from the request): the UI's
/// <see cref="IStringLocalizer"/> (see docs/adr/0008-ui-localization.md). A key without a text comes back as itself,
/// marked <see cref="LocalizedString.ResourceNotFound"/>.
/// </summary>
public sealed class UiText(UiTexts texts) : IStringLocalizer
{
    public string Language { get; set; } = "en";

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Language == "zh" ? "zh-CN" : Language);

    public LocalizedString this[string name] => texts.Find(Language, name) is { } text
        ? new LocalizedString(name, text)
        : new LocalizedString(name, name, resourceNotFound: true);

    /// <summary>Composite formatting (<c>{0}</c>) in the circuit's culture, as <see cref="IStringLocalizer"/> defines it.</summary>
    public LocalizedString this[string name, params object[] arguments] =>
        this[name] is var format && format.ResourceNotFound ? format : new LocalizedString(name, string.Format(Culture, format.Value, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        texts.All.Keys.Select(key => this[key]);

    /// <summary>The text of <paramref name="key"/> with <c>{name}</c> placeholders filled.</summary>
    public string F(string key, params (string Name, object? Value)[] values)
    {
        string text = this[key];
        foreach (var (name, value) in values) text = text.Replace("{" + name + "}", Convert.ToString(value, Culture), StringComparison.Ordinal);
        return text;
    }

    public string Date(DateTimeOffset? at) => at is { } a ? a.UtcDateTime.ToString(DayPattern + ", HH:mm", Culture) + " UTC" : "—";

    public string Day(DateTimeOffset? at) => at is { } a ? a.UtcDateTime.ToString(DayPattern, Culture) : "—";

    /// <summary>Day, month name and year in the order the language writes them (Chinese: 2026年11月23日).</summary>
    private string DayPattern => Language == "zh" ? "yyyy'年'M'月'd'日'" : "d MMM yyyy";

    public string Money(decimal amount, string currency) => amount.ToString("N2", Culture) + " " + currency;

    /// <summary>A content type as people know it: image/jpeg → JPEG, text/plain → TXT.</summary>
    public static string FileType(string contentType) => contentType switch
    {
        "text/plain" => "TXT",
        _ => contentType.Split('/').Last().ToUpperInvariant(),
    };

    public string Category(string name) => this["category." + name];

    /// <summary>An outcome kind's short name (Partial refund), without amounts or dates.</summary>
    public string Kind(string name) => this["kind." + name];

    public string Step(string activityId) => this["step." + activityId];

    /// <summary>A step as staff name it (a short name, not the party's sentence).</summary>
    public string Task(string activityId) => this["task." + activityId] is { ResourceNotFound: false } name ? name : activityId;

    public string Status(string status) => this["status." + status];

    public string Status(ComplaintStatus status) => Status(status.ToString());
}

/// <summary><see cref="IStringLocalizer{T}"/> for components that ask for it by type: the same texts, the circuit's language.</summary>
public sealed class UiText<T>(UiText text) : IStringLocalizer<T>
{
    public LocalizedString this[string name] => text[name];
    public LocalizedString this[string name, params object[] arguments] => text[name, arguments];
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => text.GetAllStrings(includeParentCultures);
}
