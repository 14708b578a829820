namespace Disputes.Web.Infrastructure.Auth;

/// <summary>Section <c>Authentication</c>.</summary>
public sealed class AuthSettings
{
    public const string Section = "Authentication";

    /// <summary>The issuer of the demo tokens signed with <see cref="LocalSigningKey"/> (never accepted in Production).</summary>
    public const string LocalIssuer = "disputes-local";

    /// <summary>OpenID Connect authority whose signing keys and issuer are trusted (required in Production).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience every token must name.</summary>
    public string Audience { get; set; } = "disputes";

    /// <summary>The claim that carries roles (one claim per role, or a JSON array).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that carries the display name.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Refuse an authority that is not HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Outside Production: the symmetric key (at least 32 characters) that signs demo tokens. When absent a random key
    /// is made per process, so tokens do not survive a restart and are not shared between nodes.
    /// </summary>
    public string? LocalSigningKey { get; set; }

    /// <summary>How long a demo token is valid.</summary>
    public TimeSpan LocalTokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
