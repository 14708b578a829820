using System.Text;

namespace Disputes.Domain.Notifications;

/// <summary>
/// The texts sent to parties, per language, with <c>{placeholders}</c> filled by name. Every supported language
/// has every key (checked when loaded). Values are inserted as plain text: nothing is interpreted as markup.
/// </summary>
public sealed class NotificationTexts
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> texts;

    public NotificationTexts(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> texts)
    {
        var problems = new List<string>();
        if (!texts.TryGetValue("en", out var english)) problems.Add("the 'en' texts are missing");
        else
        {
            foreach (var language in Languages.Supported)
            {
                if (!texts.TryGetValue(language, out var set)) { problems.Add($"language '{language}' is missing"); continue; }
                var missing = english.Keys.Except(set.Keys).ToList();
                if (missing.Count > 0) problems.Add($"'{language}' lacks {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? "…" : "")}");
            }
        }
        if (problems.Count > 0) throw new InvalidDataException("Notification texts are incomplete: " + string.Join("; ", problems) + ".");
        this.texts = texts;
    }

    public IReadOnlyCollection<string> Keys => texts["en"].Keys.ToList();

    public bool Has(string key) => texts["en"].ContainsKey(key);

    public string Get(string language, string key) =>
        (texts.TryGetValue(language, out var set) ? set : texts["en"]).TryGetValue(key, out var text)
            ? text
            : throw new KeyNotFoundException($"No notification text '{key}'.");

    public string Render(string language, string key, IReadOnlyDictionary<string, string> values) =>
        Render(language, key, name => values.TryGetValue(name, out var value) ? value : null);

    /// <summary>
    /// Fills the text's placeholders from <paramref name="value"/>, which is asked only for the names the text holds
    /// (a mail's values can be costly to work out, and each text uses a few of them); a null answer leaves the
    /// placeholder as written.
    /// </summary>
    public string Render(string language, string key, Func<string, string?> value)
    {
        var template = Get(language, key);
        var result = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }
            result.Append(template, i, open - i);
            var end = template.IndexOf('}', open + 1);
            if (end > open && value(template[(open + 1)..end]) is { } filled)
            {
                result.Append(filled);
                i = end + 1;
            }
            else
            {
                result.Append('{');
                i = open + 1;
            }
        }
        return result.ToString();
    }
}
