using Disputes.Domain.Complaints;

namespace Disputes.Domain.Tests;

/// <summary>The contact-channel rules of the source policy (docs/adr/0004), as a table: every rule and its edges.</summary>
public sealed class ContactChannelTests
{
    private static readonly ContactChannelPolicy Policy = ContactChannelPolicy.Default;

    // items, language, category, quick question => channel, reason, also possible
    [TestCase(1, "en", ComplaintCategory.Other, true, ContactChannel.Chat, "quick-question", "", TestName = "Quick question: chat, whatever the language")]
    [TestCase(4, "zh", ComplaintCategory.Other, true, ContactChannel.Chat, "quick-question", "", TestName = "Quick question in an email-only language, 4 items: still chat")]
    [TestCase(1, "en", ComplaintCategory.Damaged, true, ContactChannel.Email, "item-problem", "", TestName = "Quick question about a damaged item: an item problem goes to email")]
    [TestCase(1, "de", ComplaintCategory.NotAsDescribed, false, ContactChannel.Email, "item-problem", "", TestName = "Item problem, 1 item, phone language: email")]
    [TestCase(2, "fr", ComplaintCategory.Counterfeit, false, ContactChannel.Email, "item-problem", "", TestName = "Counterfeit suspected, 2 items: email")]
    [TestCase(1, "en", ComplaintCategory.NotReceived, false, ContactChannel.Email, "item-problem", "", TestName = "Not received, 1 item, phone language: an item problem, email")]
    [TestCase(1, "it", ComplaintCategory.Fraud, false, ContactChannel.Email, "item-problem", "", TestName = "Fraud, 1 item, phone language: an item problem, email")]
    [TestCase(2, "en", ComplaintCategory.Other, false, ContactChannel.Phone, "phone", "", TestName = "2 items, phone language: phone only")]
    [TestCase(3, "nl", ComplaintCategory.Other, false, ContactChannel.Phone, "phone", "Email", TestName = "3 items, phone language: phone, email also offered (both rules hold)")]
    [TestCase(4, "es", ComplaintCategory.Other, false, ContactChannel.Email, "many-items", "Chat", TestName = "4 items, phone language: email")]
    [TestCase(2, "zh", ComplaintCategory.Other, false, ContactChannel.Email, "email-language", "Chat", TestName = "2 items, Chinese (no phone support): email")]
    [TestCase(3, "pt", ComplaintCategory.Other, false, ContactChannel.Email, "email-language", "Chat", TestName = "3 items, Portuguese (no phone support): email")]
    public void Recommends(int items, string language, ComplaintCategory category, bool quickQuestion, ContactChannel expected, string reason, string alsoPossible)
    {
        var recommendation = Policy.Recommend(items, language, category, quickQuestion);

        Assert.That(recommendation.Channel, Is.EqualTo(expected));
        Assert.That(recommendation.Reason, Is.EqualTo(reason));
        Assert.That(string.Join(",", recommendation.AlsoPossible), Is.EqualTo(alsoPossible));
    }

    [Test]
    public void Phone_languages_are_data_not_constants()
    {
        var noPolishPhone = new ContactChannelPolicy(["en"], Languages.Supported);
        var withPolishPhone = new ContactChannelPolicy(["en", "pl"], Languages.Supported);

        Assert.That(noPolishPhone.Recommend(1, "pl", ComplaintCategory.Other, false).Channel, Is.EqualTo(ContactChannel.Email));
        Assert.That(withPolishPhone.Recommend(1, "pl", ComplaintCategory.Other, false).Channel, Is.EqualTo(ContactChannel.Phone));
    }

    [Test]
    public void The_advice_is_computed_again_in_the_language_it_is_written_in()
    {
        var order = Cases.Order(items: 1);
        var filedInChinese = Complaint.File(Guid.NewGuid(), order, ["I1"], ComplaintCategory.Other, "Question about my order.", "zh", "buyer-1",
            Policy.Recommend(1, "zh", ComplaintCategory.Other, false), [], Cases.Now);
        Assert.That(filedInChinese.ChannelReason, Is.EqualTo("email-language"));

        var inDutch = filedInChinese.ChannelAdviceIn("nl", Policy);
        Assert.That((inDutch.Channel, inDutch.Reason), Is.EqualTo((ContactChannel.Phone, "phone")), "phone support speaks Dutch: never 'phone does not speak your language' in Dutch");
    }

    [Test]
    public void Zero_items_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Recommend(0, "en", ComplaintCategory.Other, false));
}
