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

    /// <summary>
    /// The web UI's client id at the authority. When it and <see cref="Authority"/> are set, the UI signs people in
    /// with OpenID Connect (authorization code + PKCE) into the same cookie the demo sign-in uses.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The web UI's client secret, if the authority gives confidential clients one.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>True when the web UI signs people in through the authority (both it and the client id are set).</summary>
    public bool UiSignIn => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

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
