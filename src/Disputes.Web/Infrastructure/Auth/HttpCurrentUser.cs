using System.Security.Claims;
using Disputes.Application.Security;

namespace Disputes.Web.Infrastructure.Auth;

/// <summary>The caller of the current HTTP request, from the claims of its token or cookie.</summary>
public sealed class HttpCurrentUser : ICurrentUser
{
    private readonly HashSet<string> roles;

    public HttpCurrentUser(ClaimsPrincipal principal)
    {
        var identities = principal.Identities.Where(i => i.IsAuthenticated).ToList();
        IsAuthenticated = identities.Count > 0;
        Id = !IsAuthenticated ? ICurrentUser.AnonymousId
            : principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? principal.Identity?.Name ?? ICurrentUser.AnonymousId;
        Name = IsAuthenticated ? principal.Identity?.Name ?? Id : ICurrentUser.AnonymousId;
        roles = [.. identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value)];
    }

    public bool IsAuthenticated { get; }
    public string Id { get; }
    public string Name { get; }
    public IReadOnlyCollection<string> Roles => roles;
    public bool IsIn(string role) => roles.Contains(role);

    /// <summary>
    /// The web UI's user when a UI scope names one (<see cref="UiPrincipal"/>: interactive circuits have no HttpContext),
    /// else the HTTP caller inside a request, else <see cref="SystemUser"/> (Hangfire jobs, start-up).
    /// </summary>
    public static ICurrentUser Resolve(IServiceProvider services) =>
        services.GetService<UiPrincipal>()?.User is { } ui ? new HttpCurrentUser(ui)
        : services.GetRequiredService<IHttpContextAccessor>().HttpContext is { } http ? new HttpCurrentUser(http.User)
        : SystemUser.Instance;
}

/// <summary>
/// The signed-in user of a web UI operation. A Blazor circuit has no HttpContext, so the UI opens a scope per
/// operation and sets this from the circuit's authentication state; <see cref="HttpCurrentUser.Resolve"/> reads it.
/// Empty in API requests and background jobs.
/// </summary>
public sealed class UiPrincipal
{
    public ClaimsPrincipal? User { get; set; }
}
