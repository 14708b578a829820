namespace Disputes.Domain;

/// <summary>The languages parties are served in.</summary>
public static class Languages
{
    public static readonly IReadOnlyList<string> Supported = ["en", "es", "it", "fr", "nl", "de", "zh", "pt", "pl"];

    public static bool IsSupported(string? language) => language is not null && Supported.Contains(language);
}
