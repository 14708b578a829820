using System.Globalization;
using System.Text.RegularExpressions;

namespace Disputes.Workflows.Definitions;

/// <summary>
/// An ISO 8601 duration (PnYnMnWnDTnHnMnS). Years and months are calendar units, so adding
/// "P6M" to 31 August gives 28/29 February, as a person counting months would.
/// </summary>
public readonly partial record struct IsoDuration(int Years, int Months, int Weeks, int Days, TimeSpan Time)
{
    [GeneratedRegex(@"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        static int I(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        var seconds = m.Groups[7].Success ? double.Parse(m.Groups[7].Value, CultureInfo.InvariantCulture) : 0d;
        duration = new IsoDuration(I(m.Groups[1]), I(m.Groups[2]), I(m.Groups[3]), I(m.Groups[4]),
            new TimeSpan(I(m.Groups[5]), I(m.Groups[6]), 0) + TimeSpan.FromSeconds(seconds));
        return true;
    }

    public static IsoDuration Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not an ISO 8601 duration such as P3D or PT12H.");

    public bool IsDaysOnly => Years == 0 && Months == 0 && Time == TimeSpan.Zero;

    public int TotalDays => Weeks * 7 + Days;

    /// <summary>Adds this duration to <paramref name="from"/>. With <paramref name="businessDays"/>, days
    /// (and weeks, as five business days each) skip Saturdays and Sundays.</summary>
    public DateTimeOffset AddTo(DateTimeOffset from, bool businessDays = false)
    {
        if (businessDays)
        {
            if (!IsDaysOnly) throw new InvalidOperationException("Only day and week durations can be counted in business days.");
            return BusinessCalendar.AddBusinessDays(from, Weeks * 5 + Days);
        }
        return from.AddYears(Years).AddMonths(Months).AddDays(TotalDays).Add(Time);
    }

    public override string ToString()
    {
        var s = "P";
        if (Years > 0) s += $"{Years}Y";
        if (Months > 0) s += $"{Months}M";
        if (Weeks > 0) s += $"{Weeks}W";
        if (Days > 0) s += $"{Days}D";
        if (Time > TimeSpan.Zero)
        {
            s += "T";
            if (Time.Hours + Time.Days * 24 > 0) s += $"{Time.Hours + Time.Days * 24}H";
            if (Time.Minutes > 0) s += $"{Time.Minutes}M";
            var sec = Time.Seconds + Time.Milliseconds / 1000d;
            if (sec > 0) s += sec.ToString(CultureInfo.InvariantCulture) + "S";
        }
        return s == "P" ? "PT0S" : s;
    }
}

/// <summary>Business-day arithmetic: Monday to Friday count, weekends are skipped.</summary>
public static class BusinessCalendar
{
    public static bool IsBusinessDay(DateTimeOffset day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>
    /// Moves forward <paramref name="days"/> business days, keeping the time of day. A start on a weekend
    /// counts from the next Monday's start time, so "3 business days" from Saturday ends on Wednesday.
    /// </summary>
    public static DateTimeOffset AddBusinessDays(DateTimeOffset from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var current = from;
        while (!IsBusinessDay(current)) current = current.AddDays(1);
        var added = 0;
        while (added < days)
        {
            current = current.AddDays(1);
            if (IsBusinessDay(current)) added++;
        }
        return current;
    }
}
