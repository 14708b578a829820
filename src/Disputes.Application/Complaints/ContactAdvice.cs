using Disputes.Application.Reference;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>
/// The contact-channel advice as a party reads it, in the language of the page or mail it appears in: the channel, the
/// reason, and how to reach support on it (email address with the reply time, phone number for that language, chat link).
/// <see cref="Lines"/> are the texts; the other fields let a page build links.
/// </summary>
public sealed record ContactAdviceView(
    string Language, string Channel, string ChannelText, string Reason, string ReasonText, IReadOnlyList<string> AlsoPossible,
    IReadOnlyList<string> Lines, string? EmailAddress, int? EmailReplyDays, string? PhoneNumber, string? ChatUrl);

/// <summary>Writes <see cref="ContactAdviceView"/> from the case, the contact rules (configuration) and the contacts (reference data).</summary>
public sealed class ContactAdvice(ReferenceData reference, IOptions<ComplaintOptions> options)
{
    public ContactChannelPolicy Policy => new(options.Value.PhoneLanguages, Languages.Supported);

    public ContactAdviceView For(Complaint complaint, string language)
    {
        var advice = complaint.ChannelAdviceIn(language, Policy);
        var texts = reference.Texts;
        var contacts = reference.Contacts;
        var channels = new[] { advice.Channel }.Concat(advice.AlsoPossible).ToList();
        var lines = new List<string>();
        string? email = null, phone = null, chat = null;
        int? replyDays = null;
        foreach (var channel in channels)
        {
            switch (channel)
            {
                case ContactChannel.Email:
                    (email, replyDays) = (contacts.EmailAddress, options.Value.EmailReplyDays);
                    lines.Add(texts.Render(language, "contact.email", new Dictionary<string, string> { ["address"] = email, ["days"] = replyDays.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
                    break;
                case ContactChannel.Phone when contacts.Phone(language) is { } number:
                    phone = number;
                    lines.Add(texts.Render(language, "contact.phone", new Dictionary<string, string> { ["number"] = number }));
                    break;
                case ContactChannel.Chat:
                    chat = contacts.Chat(language);
                    lines.Add(texts.Render(language, "contact.chat", new Dictionary<string, string> { ["url"] = chat }));
                    break;
            }
        }
        var name = advice.Channel.ToString().ToLowerInvariant();
        return new ContactAdviceView(language, name, texts.Get(language, "channel." + name), advice.Reason, texts.Get(language, "channel-reason." + advice.Reason),
            advice.AlsoPossible.Select(c => c.ToString().ToLowerInvariant()).ToList(), lines, email, replyDays, phone, chat);
    }
}
