namespace Disputes.Domain.Complaints;

public enum ContactChannel { Chat, Phone, Email }

/// <summary>The recommended follow-up channel, the reason (a text key) and any other channel that also fits.</summary>
public sealed record ChannelRecommendation(ContactChannel Channel, string Reason, IReadOnlyList<ContactChannel> AlsoPossible);

/// <summary>
/// Which support channel a party should use (the source policy, docs/adr/0004-process-and-policy.md). The language lists are data
/// (configuration), not constants: support staffing changes.
/// <list type="bullet">
/// <item>A quick question goes to live chat, which speaks every supported language.</item>
/// <item>A problem with an item goes to email.</item>
/// <item>Otherwise phone, when the question concerns at most <see cref="PhoneMaxItems"/> items and phone support
/// speaks the language; email for more than <see cref="EmailFromItems"/>-1 items or when phone does not speak the language.
/// At exactly 3 items both rules hold: phone is recommended and email offered beside it.</item>
/// </list>
/// </summary>
public sealed class ContactChannelPolicy(IReadOnlyCollection<string> phoneLanguages, IReadOnlyCollection<string> emailAndChatLanguages)
{
    public const int PhoneMaxItems = 3;
    public const int EmailFromItems = 3;

    public static ContactChannelPolicy Default { get; } = new(["en", "es", "it", "fr", "nl", "de"], Languages.Supported);

    public IReadOnlyCollection<string> PhoneLanguages { get; } = phoneLanguages;
    public IReadOnlyCollection<string> EmailAndChatLanguages { get; } = emailAndChatLanguages;

    public ChannelRecommendation Recommend(int itemCount, string language, ComplaintCategory category, bool quickQuestion)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        if (quickQuestion && !category.IsItemProblem())
            return new ChannelRecommendation(ContactChannel.Chat, "quick-question", []);
        if (category.IsItemProblem())
            return new ChannelRecommendation(ContactChannel.Email, "item-problem", []);

        var phoneSpeaks = PhoneLanguages.Contains(language);
        if (phoneSpeaks && itemCount <= PhoneMaxItems)
            return new ChannelRecommendation(ContactChannel.Phone, "phone", itemCount >= EmailFromItems ? [ContactChannel.Email] : []);
        return new ChannelRecommendation(ContactChannel.Email, phoneSpeaks ? "many-items" : "email-language", [ContactChannel.Chat]);
    }
}

/// <summary>
/// How to reach support on each channel, per language (reference data): the email address, the chat link (with
/// <c>{language}</c> filled in) and the phone number of each language phone support speaks.
/// </summary>
public sealed record SupportContacts(string EmailAddress, string ChatUrl, IReadOnlyDictionary<string, string> PhoneNumbers)
{
    public string Chat(string language) => ChatUrl.Replace("{language}", language, StringComparison.Ordinal);

    public string? Phone(string language) => PhoneNumbers.TryGetValue(language, out var number) ? number : null;
}
