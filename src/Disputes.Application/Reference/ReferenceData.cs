using System.Text.Json;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Notifications;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Policies;
using Disputes.Domain.Redress;

namespace Disputes.Application.Reference;

/// <summary>
/// Facts that change without a code change, read from the reference folder (see reference/README.md):
/// the policy catalogue, the external redress bodies and the texts sent to parties. A bad file stops start-up
/// with its name and the problem.
/// </summary>
public sealed class ReferenceData
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public ReferenceData(PolicyCatalogue policies, Signposting signposting, NotificationTexts texts, SupportContacts contacts)
    {
        Policies = policies;
        Signposting = signposting;
        Texts = texts;
        Contacts = contacts;
    }

    public PolicyCatalogue Policies { get; }
    public Signposting Signposting { get; }
    public NotificationTexts Texts { get; }
    /// <summary>How to reach support per channel and language (support-contacts.json).</summary>
    public SupportContacts Contacts { get; }

    public static ReferenceData Load(string folder) => new(
        Read(folder, "policy-catalogue.v1.json", ToCatalogue),
        Read(folder, "redress-bodies.json", ToSignposting),
        Read(folder, "notifications.json", (JsonElement root) => new NotificationTexts(
            root.EnumerateObject().ToDictionary(l => l.Name, l => (IReadOnlyDictionary<string, string>)l.Value.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString() ?? "")))),
        Read(folder, "support-contacts.json", ToContacts));

    private static SupportContacts ToContacts(JsonElement root)
    {
        var phones = root.GetProperty("phone").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        foreach (var language in phones.Keys.Where(l => !Languages.IsSupported(l))) throw new InvalidDataException($"phone: '{language}' is not a supported language");
        var email = root.GetProperty("email").GetProperty("address").GetString();
        var chat = root.GetProperty("chat").GetProperty("url").GetString();
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(chat)) throw new InvalidDataException("email.address and chat.url are required");
        return new SupportContacts(email, chat, phones);
    }

    public static T Read<T>(string folder, string file, Func<JsonElement, T> map)
    {
        var path = Path.Combine(folder, file);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return map(document.RootElement);
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException or InvalidOperationException or KeyNotFoundException or FormatException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Reference data file '{path}' is not valid: {ex.Message}", ex);
        }
    }

    private static PolicyCatalogue ToCatalogue(JsonElement root)
    {
        var clauses = root.GetProperty("clauses").EnumerateArray().Select(c => new PolicyClause(
            c.GetProperty("id").GetString()!,
            c.GetProperty("title").GetString()!,
            c.GetProperty("text").GetString()!,
            c.TryGetProperty("outcomes", out var o)
                ? o.EnumerateArray().Select(k => OutcomeKinds.TryParse(k.GetString(), out var kind) ? kind : throw new InvalidDataException($"clause {c.GetProperty("id").GetString()}: unknown outcome '{k.GetString()}'")).ToList()
                : [])).ToList();
        var duplicate = clauses.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"clause id '{duplicate.Key}' appears twice");
        foreach (var kind in Enum.GetValues<OutcomeKind>())
        {
            if (!clauses.Any(c => c.Grounds(kind))) throw new InvalidDataException($"no clause grounds '{kind.Name()}'");
        }
        return new PolicyCatalogue(root.GetProperty("version").GetString()!, clauses);
    }

    private static Signposting ToSignposting(JsonElement root)
    {
        var bodies = root.GetProperty("bodies").EnumerateArray().Select(b =>
        {
            var kind = b.GetProperty("kind").GetString() switch
            {
                "consumer-adr" => RedressKind.ConsumerAdr,
                "dsa-out-of-court" => RedressKind.DsaOutOfCourt,
                "mediator" => RedressKind.Mediator,
                "consumer-authority" => RedressKind.ConsumerAuthority,
                var other => throw new InvalidDataException($"body {b.GetProperty("id").GetString()}: unknown kind '{other}'"),
            };
            var url = Optional(b, "url");
            if (url is not null && url.Contains("ec.europa.eu/consumers/odr", StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException("the EU ODR platform is closed (Regulation (EU) 2024/3228) and must not be signposted");
            return new RedressBody(b.GetProperty("id").GetString()!, b.GetProperty("name").GetString()!, kind, b.GetProperty("country").GetString()!, url,
                Optional(b, "recognisedBy"), Date(Optional(b, "certifiedOn")), Date(Optional(b, "certifiedUntil")), Optional(b, "note"));
        }).ToList();
        return new Signposting(bodies);
    }

    private static string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
