using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Disputes.Application.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Disputes.Web.Infrastructure.Auth;

/// <summary>A demo token: a JWT signed with the local key, for a demo user.</summary>
public sealed record DemoToken(string AccessToken, DateTimeOffset ExpiresAt, UserInfo User);

/// <summary>The symmetric key that signs demo tokens (outside Production only).</summary>
public sealed class LocalSigningKey
{
    public const int MinimumLength = 32;

    private LocalSigningKey(SymmetricSecurityKey key) => Key = key;

    public SymmetricSecurityKey Key { get; }

    /// <summary>From <c>Authentication:LocalSigningKey</c>, or a random key for this process when it is absent.</summary>
    public static LocalSigningKey From(string? configured)
    {
        if (string.IsNullOrEmpty(configured)) return new(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "local-random" });
        var bytes = Encoding.UTF8.GetBytes(configured);
        if (bytes.Length < MinimumLength)
            throw new InvalidOperationException($"Authentication:LocalSigningKey must be at least {MinimumLength} characters long.");
        return new(new SymmetricSecurityKey(bytes) { KeyId = "local" });
    }
}

/// <summary>Issues demo tokens and demo cookie identities with the same claims a real identity provider would send.</summary>
public sealed class DemoTokenIssuer(LocalSigningKey key, AuthSettings settings)
{
    /// <summary>Marks a demo identity (cookie), so that Production refuses it whatever signed it.</summary>
    public const string SourceClaim = "disputes_source";

    /// <summary>
    /// Token lifetimes are real time, not the service clock: <c>Clock:Offset</c> and test clocks move workflow time,
    /// while the bearer handler checks expiry against the machine's clock.
    /// </summary>
    public DemoToken Issue(UserInfo user)
    {
        var now = TimeProvider.System.GetUtcNow();
        var expires = now + settings.LocalTokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = AuthSettings.LocalIssuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Id,
                [settings.NameClaim] = user.Name,
                ["email"] = user.Email,
                ["locale"] = user.Language,
                [settings.RoleClaim] = user.Roles.ToArray(),
            },
        };
        return new DemoToken(new JsonWebTokenHandler().CreateToken(descriptor), expires, user);
    }

    /// <summary>The identity a demo cookie carries.</summary>
    public ClaimsPrincipal Principal(UserInfo user, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, settings.NameClaim, settings.RoleClaim);
        identity.AddClaim(new Claim(SourceClaim, "demo", ClaimValueTypes.String, AuthSettings.LocalIssuer));
        identity.AddClaim(new Claim("sub", user.Id));
        identity.AddClaim(new Claim(settings.NameClaim, user.Name));
        identity.AddClaim(new Claim("email", user.Email));
        identity.AddClaim(new Claim("locale", user.Language));
        foreach (var role in user.Roles) identity.AddClaim(new Claim(settings.RoleClaim, role));
        return new ClaimsPrincipal(identity);
    }
}
