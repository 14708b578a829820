using Disputes.Domain.Notifications;

namespace Disputes.Domain.Tests;

public sealed class NotificationTextsTests
{
    private static NotificationTexts Texts(string text) =>
        new(Languages.Supported.ToDictionary(l => l, l => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["t"] = l == "de" ? "Fall {case}" : text }));

    [Test]
    public void Placeholders_are_filled_and_unknown_or_unclosed_ones_stay_as_written()
    {
        var texts = Texts("Case {case}: {unknown} {outcome}, {not closed");
        var values = new Dictionary<string, string> { ["case"] = "C-1", ["outcome"] = "refund {case}" };

        Assert.Multiple(() =>
        {
            Assert.That(texts.Render("en", "t", values), Is.EqualTo("Case C-1: {unknown} refund {case}, {not closed"));
            Assert.That(texts.Render("de", "t", values), Is.EqualTo("Fall C-1"));
            Assert.That(Texts("{}{case}}{").Render("en", "t", values), Is.EqualTo("{}C-1}{"));
        });
    }

    [Test]
    public void Only_the_placeholders_a_text_holds_are_asked_for()
    {
        var asked = new List<string>();
        var text = Texts("{a} and {b}").Render("en", "t", name =>
        {
            asked.Add(name);
            return name == "a" ? "1" : null;
        });

        Assert.That(text, Is.EqualTo("1 and {b}"));
        Assert.That(asked, Is.EqualTo(new[] { "a", "b" }));
    }
}
