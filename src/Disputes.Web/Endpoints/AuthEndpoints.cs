using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Disputes.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Endpoints;

public sealed record DemoTokenBody(string? UserId);

public sealed record DemoUsersOfRole(string Role, IReadOnlyList<UserInfo> Users);

public sealed record Me(string Id, string Name, string? Email, string? Language, IReadOnlyCollection<string> Roles);

/// <summary>
/// Who am I, and the demo sign-in of the embedded default. The demo endpoints do not exist in Production (404),
/// where tokens come from the configured OpenID Connect authority.
/// </summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Signing in");

        api.MapGet("/me", (ICurrentUser user, IUserDirectory directory) =>
            {
                var known = directory.Find(user.Id);
                return Results.Ok(new Me(user.Id, user.Name, known?.Email, known?.Language, user.Roles));
            })
            .RequireRoles([.. Roles.All])
            .WithSummary("The signed-in user");

        // Signing out clears the cookie of the web UI; it is harmless when there is none.
        app.MapPost("/auth/sign-out", async (HttpContext http, [FromQuery] string? returnUrl) =>
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return returnUrl is null ? Results.NoContent() : IsLocalUrl(returnUrl) ? Results.Redirect(returnUrl) : NotLocal();
            })
            .AllowAnyone()
            .ExcludeFromDescription();

        // The web UI's sign-in through the identity provider (when Authentication:Authority and ClientId are set).
        if (app.Services.GetRequiredService<AuthSettings>().UiSignIn)
        {
            app.MapGet("/auth/sign-in", ([FromQuery] string? returnUrl) =>
                    returnUrl is not null && !IsLocalUrl(returnUrl)
                        ? NotLocal()
                        : Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl ?? "/" }, [AuthRegistration.OidcScheme]))
                .AllowAnyone()
                .ExcludeFromDescription();
        }

        if (app.Environment.IsProduction()) return;

        api.MapPost("/auth/demo-token", ([FromBody] DemoTokenBody body, IUserDirectory directory, DemoTokenIssuer issuer) =>
            {
                if (string.IsNullOrWhiteSpace(body.UserId))
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["Name a demo user (see GET /api/auth/demo-users)."] });
                return directory.Find(body.UserId) is { } user
                    ? Results.Ok(issuer.Issue(user))
                    : UnknownUser(body.UserId);
            })
            .AllowAnyone()
            .WithSummary("A bearer token for a demo user (not in Production)");

        api.MapGet("/auth/demo-users", (IUserDirectory directory) =>
                Results.Ok(Roles.All.Select(role => new DemoUsersOfRole(role, directory.InRole(role))).ToList()))
            .AllowAnyone()
            .WithSummary("The demo users, grouped by role (not in Production)");

        // Demo only and absent in Production. A form post from the sign-in page, with its antiforgery token (checked
        // by the antiforgery middleware, as for every form-bound endpoint): another site cannot sign a browser in.
        app.MapPost("/auth/demo-sign-in", async (HttpContext http, [FromForm] string? userId, [FromForm] string? returnUrl, IUserDirectory directory, DemoTokenIssuer issuer) =>
            {
                if (returnUrl is not null && !IsLocalUrl(returnUrl)) return NotLocal();
                if (string.IsNullOrWhiteSpace(userId) || directory.Find(userId) is not { } user) return UnknownUser(userId);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, issuer.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
                return Results.Redirect(returnUrl ?? "/");
            })
            .AllowAnyone()
            .ExcludeFromDescription();
    }

    /// <summary>A path on this site: starts with one '/', not '//' or '/\' (which browsers treat as another host).</summary>
    internal static bool IsLocalUrl(string url) =>
        url.Length > 0 && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    private static IResult UnknownUser(string? userId) =>
        Results.Problem(statusCode: 404, title: "Unknown demo user", detail: $"No demo user '{userId}'; GET /api/auth/demo-users lists them.");

    private static IResult NotLocal() =>
        Results.Problem(statusCode: 400, title: "Not a local URL", detail: "returnUrl must be a path on this site, such as /hangfire.");
}
