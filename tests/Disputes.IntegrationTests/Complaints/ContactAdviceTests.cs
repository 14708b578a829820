using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>
/// Audit finding 7 over HTTP on PostgreSQL: the contact-channel advice follows the source policy and can be acted on.
/// Email for any problem with an item (not received and fraud too), with the address and the reply time; a phone
/// number in the reader's language; the advice written in the language of the mail it is sent in.
/// </summary>
public sealed class ContactAdviceTests : ComplaintScenario
{
    [Test]
    public async Task Not_received_is_an_item_problem_and_email_advice_gives_the_address_and_the_reply_time()
    {
        var filed = await FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received");
        Assert.That(filed["recommendedChannel"]!.GetValue<string>(), Is.EqualTo("email"));
        var contact = filed["contact"]!;
        Assert.That((contact["emailAddress"]!.GetValue<string>(), contact["emailReplyDays"]!.GetValue<int>()), Is.EqualTo(("support@marketplace.example.com", 7)));
        await Flow.DispatchAsync();

        var mail = (await MailAsync(Id(filed))).Single(m => m.To == "buyer-emma" && m.Template == "filed");
        Assert.That(mail.Body, Does.Contain("Email: support@marketplace.example.com. We reply to emails within about 7 days."));
        Assert.That(mail.Body, Does.Contain("does not speed up"), "more messages do not speed it up");

        var fraud = await FileAsync("buyer-marco", "ORD-1030", ["ORD-1030-1"], "fraud", "The seller took the money and vanished.");
        Assert.That(fraud["recommendedChannel"]!.GetValue<string>(), Is.EqualTo("email"), "fraud is a problem with an item too");
    }

    [Test]
    public async Task The_advice_is_written_in_the_language_of_the_mail_with_the_phone_number_of_that_language()
    {
        // buyer-daan's account speaks Dutch; he files in Chinese, which phone support does not speak.
        var response = await App.ClientAs("buyer-daan").PostAsJsonAsync("/api/complaints",
            new { orderId = "ORD-1013", itemIds = new[] { "ORD-1013-1" }, category = "other", description = "我想问一下发票。", language = "zh" });
        var filed = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(filed["contact"]!["reason"]!.GetValue<string>(), Is.EqualTo("email-language"), "in Chinese, phone support does not speak the language");
        await Flow.DispatchAsync();

        var mail = (await MailAsync(Id(filed))).Single(m => m.To == "buyer-daan" && m.Template == "filed");
        Assert.That(mail.Language, Is.EqualTo("nl"));
        Assert.That(mail.Body, Does.Contain("via telefoon, omdat het om 3 of minder artikelen gaat en onze telefonische klantenservice uw taal spreekt"), "the Dutch phone advice");
        Assert.That(mail.Body, Does.Contain("Telefoon: +44 20 7946 0104."), "the number of Dutch phone support");
        Assert.That(mail.Body, Does.Not.Contain("uw taal niet spreekt"), "never told in Dutch that phone support does not speak his language");

        var page = await App.ClientAs("buyer-daan").GetFromJsonAsync<JsonObject>($"/api/complaints/{Id(filed)}/contact-advice?language=pt");
        Assert.That(page!["channel"]!.GetValue<string>(), Is.EqualTo("email"), "Portuguese: no phone support");
        Assert.That(page["lines"]!.AsArray().Select(l => l!.GetValue<string>()), Has.Some.StartsWith("E-mail: support@marketplace.example.com"));
        Assert.That(page["chatUrl"]!.GetValue<string>(), Is.EqualTo("https://marketplace.example.com/help/chat?lang=pt"), "chat is also possible, with its link");
    }
}
