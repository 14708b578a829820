namespace Disputes.Web.Infrastructure.Integrations;

/// <summary>
/// Where the marketplace's systems are (section <c>Marketplace</c>). <c>Local</c> (the embedded default) reads
/// <c>reference/marketplace.local.json</c> and records effects in the local ledger; <c>Http</c> reads orders and
/// accounts from, and sends effects to, the marketplace's endpoints.
/// </summary>
public sealed class MarketplaceOptions
{
    public const string Section = "Marketplace";

    public string Mode { get; set; } = "Local";

    /// <summary>Base address of the marketplace API, e.g. https://marketplace.internal/api/.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Sent as a bearer token when set.</summary>
    public string? ApiToken { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an account read from the marketplace is used again (zero: read it every time).</summary>
    public TimeSpan AccountCacheTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Relative paths; <c>{id}</c> and <c>{kind}</c> are replaced (escaped).</summary>
    public string OrderPath { get; set; } = "orders/{id}";
    public string AccountPath { get; set; } = "accounts/{id}";
    public string AccountOrdersPath { get; set; } = "accounts/{id}/orders";
    public string EffectPath { get; set; } = "effects/{kind}";

    public bool IsHttp => string.Equals(Mode, "Http", StringComparison.OrdinalIgnoreCase);
}

/// <summary>How notifications leave (section <c>Mail</c>): <c>Mailbox</c> keeps them in the local mailbox the API shows; <c>Smtp</c> sends them.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string Mode { get; set; } = "Mailbox";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "disputes@localhost";
    public string FromName { get; set; } = "Marketplace disputes";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsSmtp => string.Equals(Mode, "Smtp", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The marketplace did not answer, or answered with an error: the caller may retry later.</summary>
public sealed class MarketplaceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
