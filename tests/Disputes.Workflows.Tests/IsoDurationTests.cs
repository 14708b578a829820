using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Tests;

public class IsoDurationTests
{
    [TestCase("P3D", "2026-11-23T09:00:00Z", "2026-11-26T09:00:00Z")]
    [TestCase("PT12H", "2026-11-23T09:00:00Z", "2026-11-23T21:00:00Z")]
    [TestCase("P1W", "2026-11-23T09:00:00Z", "2026-11-30T09:00:00Z")]
    [TestCase("P6M", "2026-08-31T09:00:00Z", "2027-02-28T09:00:00Z")]
    [TestCase("P8W", "2026-01-01T00:00:00Z", "2026-02-26T00:00:00Z")]
    [TestCase("PT1.5S", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01.5Z")]
    public void Calendar_durations_add_like_a_person_counts(string duration, string from, string expected) =>
        Assert.That(IsoDuration.Parse(duration).AddTo(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    // 2026-11-23 is a Monday.
    [TestCase("2026-11-23T10:00:00Z", 3, "2026-11-26T10:00:00Z", TestName = "Monday plus 3 business days is Thursday")]
    [TestCase("2026-11-26T10:00:00Z", 3, "2026-12-01T10:00:00Z", TestName = "Thursday plus 3 business days skips the weekend to Tuesday")]
    [TestCase("2026-11-27T10:00:00Z", 1, "2026-11-30T10:00:00Z", TestName = "Friday plus 1 business day is Monday")]
    [TestCase("2026-11-28T10:00:00Z", 3, "2026-12-03T10:00:00Z", TestName = "A Saturday filing counts from Monday")]
    [TestCase("2026-11-23T10:00:00Z", 0, "2026-11-23T10:00:00Z", TestName = "Zero business days is the same moment")]
    public void Business_days_skip_weekends(string from, int days, string expected) =>
        Assert.That(BusinessCalendar.AddBusinessDays(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days),
            Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("")]
    [TestCase("P")]
    [TestCase("PT")]
    [TestCase("3D")]
    [TestCase("P1.5D")]
    [TestCase("P-1D")]
    [TestCase("1 day")]
    public void Invalid_durations_are_refused(string text) => Assert.That(IsoDuration.TryParse(text, out _), Is.False);

    [Test]
    public void Business_days_refuse_hours() =>
        Assert.Throws<InvalidOperationException>(() => IsoDuration.Parse("PT5H").AddTo(Defs.Monday, businessDays: true));
}
