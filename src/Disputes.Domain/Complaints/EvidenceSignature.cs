using System.Text;

namespace Disputes.Domain.Complaints;

/// <summary>
/// Checks that an evidence file is what its declared type says, by its first bytes: a renamed executable or
/// HTML page is refused even when the client calls it image/png. Text must be UTF-8 without control characters.
/// </summary>
public static class EvidenceSignature
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Riff = "RIFF"u8.ToArray();
    private static readonly byte[] Webp = "WEBP"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>True when <paramref name="content"/> starts as a file of <paramref name="contentType"/> must.</summary>
    public static bool Matches(string contentType, ReadOnlySpan<byte> content) => contentType switch
    {
        "image/jpeg" => content.StartsWith(Jpeg),
        "image/png" => content.StartsWith(Png),
        "application/pdf" => content.StartsWith(Pdf),
        "image/webp" => content.Length >= 12 && content.StartsWith(Riff) && content[8..12].SequenceEqual(Webp),
        "text/plain" => IsPlainText(content),
        _ => false,
    };

    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) return false;
        }
        return true;
    }
}
