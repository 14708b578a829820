using Disputes.Application.Security;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// Who may call an endpoint, as endpoint metadata: the roles named by <see cref="EndpointAuthorization.RequireRoles{TBuilder}"/>,
/// or <see cref="Anyone"/> (<see cref="AllowsAnonymous"/>) from <see cref="EndpointAuthorization.AllowAnyone{TBuilder}"/>.
/// The authorization matrix test reads it to know who must be let in and who refused.
/// </summary>
public sealed record AllowedRoles(IReadOnlyList<string> Roles)
{
    /// <summary>The marker that stands for "anyone, signed in or not".</summary>
    public const string AnonymousMarker = "anonymous";

    public static AllowedRoles Anyone { get; } = new([AnonymousMarker]);

    public bool AllowsAnonymous => Roles.Contains(AnonymousMarker, StringComparer.Ordinal);

    /// <summary>True when a signed-in user with <paramref name="userRoles"/> is let in.</summary>
    public bool Allows(IEnumerable<string> userRoles) => AllowsAnonymous || userRoles.Any(r => Roles.Contains(r, StringComparer.Ordinal));

    public override string ToString() =>
        AllowsAnonymous ? "anyone"
        : Disputes.Application.Security.Roles.All.All(r => Roles.Contains(r, StringComparer.Ordinal)) ? "any role"
        : string.Join(", ", Roles);
}

/// <summary>Every endpoint declares who may call it: <c>RequireRoles(...)</c> or <c>AllowAnyone()</c>.</summary>
public static class EndpointAuthorization
{
    /// <summary>
    /// Requires a signed-in user who holds at least one of <paramref name="roles"/> (constants of <see cref="Roles"/>),
    /// and attaches <see cref="AllowedRoles"/> metadata naming them. An anonymous caller gets 401, a signed-in caller
    /// without one of the roles 403, both as problem details. Put it on a group or on its endpoints, not on both:
    /// the policies would add up (all must pass) while the metadata would name only the innermost roles.
    /// Role checks are per role only: a handler still checks the resource (a party reads only their own case).
    /// </summary>
    /// <exception cref="ArgumentException">No role, or a role that is not one of <see cref="Roles.All"/>.</exception>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0) throw new ArgumentException("Name at least one role; use AllowAnyone() for an anonymous endpoint.", nameof(roles));
        if (roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
            throw new ArgumentException($"Unknown role '{unknown}'; use the constants of Disputes.Application.Security.Roles.", nameof(roles));
        var allowed = new AllowedRoles([.. roles.Distinct(StringComparer.Ordinal)]);
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(allowed.Roles));
        builder.WithMetadata(allowed);
        return builder;
    }

    /// <summary>
    /// Lets anyone call the endpoint, signed in or not (<c>AllowAnonymous</c>), and attaches <see cref="AllowedRoles.Anyone"/>
    /// so the authorization matrix test knows this is deliberate.
    /// </summary>
    public static TBuilder AllowAnyone<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AllowAnonymous();
        builder.WithMetadata(AllowedRoles.Anyone);
        return builder;
    }
}
