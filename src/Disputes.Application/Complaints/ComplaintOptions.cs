namespace Disputes.Application.Complaints;

/// <summary>Section <c>Complaints</c>: the process's clocks and thresholds (the process in docs/adr/0004-process-and-policy.md).</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";

    /// <summary>
    /// Overrides of the process's clocks, as ISO 8601 durations pinned into each case at filing. Keys are the
    /// <c>$.clocks.*</c> names in the definition (directResolution, reviewWarning, review, infoRequest, expert,
    /// fourEyes, openSignpost). Only the keys set here are pinned; every other clock takes the definition's
    /// <c>"default"</c>, so the definition is the one source of the defaults.
    /// </summary>
    public Dictionary<string, string> Clocks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Orders above these values (per currency) go to a T&amp;S expert.</summary>
    public Dictionary<string, decimal> ExpertThresholds { get; set; } = new(StringComparer.Ordinal)
    {
        ["EUR"] = 1000m, ["GBP"] = 850m, ["CHF"] = 950m, ["PLN"] = 4300m, ["SEK"] = 11500m,
    };

    /// <summary>Appeal window for decisions that restrict content or accounts: at least six months (DSA Art. 20).</summary>
    public string AppealWindowRestriction { get; set; } = "P6M";

    /// <summary>Appeal window for the other decisions.</summary>
    public string AppealWindowOther { get; set; } = "P30D";

    public List<string> PhoneLanguages { get; set; } = ["en", "es", "it", "fr", "nl", "de"];

    /// <summary>How long an email to support takes to be answered, in days (the source policy: about seven). Stated whenever email is recommended.</summary>
    public int EmailReplyDays { get; set; } = 7;

    public long EvidenceMaxBytes { get; set; } = 10 * 1024 * 1024;

    public List<string> EvidenceContentTypes { get; set; } = ["image/jpeg", "image/png", "image/webp", "application/pdf", "text/plain"];

    /// <summary>Where the web UI is reached from outside: links in staff notifications start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Queues: a task is "breaching soon" when its deadline is this close.</summary>
    public TimeSpan BreachingWithin { get; set; } = TimeSpan.FromDays(2);
}
