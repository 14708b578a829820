using System.Text.RegularExpressions;

namespace Disputes.Domain.Complaints;

/// <summary>A text after <see cref="ContactDetails.Mask"/>: the text to show, and which kinds of contact details were masked in it.</summary>
public sealed record MaskedText(string Text, IReadOnlyList<string> Masked)
{
    public bool WasMasked => Masked.Count > 0;
}

/// <summary>
/// Text written for the other party (statements, messages, facts and reasons) may not carry anyone's email address
/// or phone number: parties talk through the case. Such details are masked where they are written, and what was
/// masked (kinds, never the details) is kept with the text for the audit trail.
/// A phone number is a run of digits (with spaces, dots, dashes, brackets, an optional leading + or 00) holding at
/// least nine digits; dates (2027-01-01), amounts and order numbers have fewer.
/// </summary>
public static partial class ContactDetails
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string EmailMask = "[email address removed]";
    public const string PhoneMask = "[phone number removed]";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\w+])(\+|00)?\(?\d[\d\s().\-/]{6,}\d(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    public static MaskedText Mask(string text)
    {
        var masked = new List<string>();
        var result = EmailPattern().Replace(text, _ => { Add(masked, Email); return EmailMask; });
        result = PhonePattern().Replace(result, m =>
        {
            if (m.Value.Count(char.IsAsciiDigit) < 9) return m.Value;
            Add(masked, Phone);
            return PhoneMask;
        });
        return new MaskedText(result, masked);
    }

    private static void Add(List<string> kinds, string kind)
    {
        if (!kinds.Contains(kind)) kinds.Add(kind);
    }
}
