using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace Disputes.Web.Infrastructure.Auth;

/// <summary>
/// Challenges and forbids as the schemes do (bearer: 401 with <c>WWW-Authenticate</c>; cookie: 401/403, never a
/// redirect), then writes an RFC 9457 problem detail that says what was missing.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler schemes = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await schemes.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded || context.Response.HasStarted) return;

        if (Ui.ErrorPages.WantsHtml(context.Request))
        {
            // A person's browser (e.g. /hangfire): the sign-in page, or a page saying why not; the API keeps problem details.
            if (authorizeResult.Challenged) Ui.ErrorPages.RedirectToSignIn(context);
            else await Ui.ErrorPages.WriteAsync(context, StatusCodes.Status403Forbidden);
            return;
        }
        var allowed = context.GetEndpoint()?.Metadata.GetMetadata<AllowedRoles>();
        ProblemDetails problem;
        if (authorizeResult.Challenged)
        {
            var reason = context.Request.Headers.Authorization.Count > 0 ? await ReasonAsync(context) : "";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            // The cookie scheme names no scheme to use (RFC 9110 wants one on a 401): the API speaks bearer.
            if (!context.Response.Headers.ContainsKey("WWW-Authenticate")) context.Response.Headers.WWWAuthenticate = "Bearer";
            problem = new ProblemDetails
            {
                Status = 401,
                Title = "Sign-in required",
                Detail = context.Request.Headers.Authorization.Count > 0
                    ? $"The bearer token was refused: {reason}."
                    : "Send 'Authorization: Bearer <token>' (or sign in with the cookie)." + (allowed is null ? "" : $" Allowed roles: {allowed}."),
            };
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var user = new HttpCurrentUser(context.User);
            problem = new ProblemDetails
            {
                Status = 403,
                Title = "Not allowed for your roles",
                Detail = $"'{user.Id}' (roles: {(user.Roles.Count == 0 ? "none" : string.Join(", ", user.Roles))}) may not do this."
                    + (allowed is null ? "" : $" Allowed roles: {allowed}."),
            };
        }
        problem.Type = $"https://httpstatuses.io/{problem.Status}";
        await TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>Why the token failed (the handler caches its result per request, so this does not validate again).</summary>
    private static async Task<string> ReasonAsync(HttpContext context) =>
        (await context.AuthenticateAsync()).Failure switch
        {
            SecurityTokenExpiredException => "it has expired",
            SecurityTokenNotYetValidException => "it is not valid yet",
            SecurityTokenInvalidAudienceException => "it names another audience",
            SecurityTokenInvalidIssuerException => "it comes from an issuer this service does not trust",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "it is not signed by a key this service trusts",
            null => "it is missing or not a bearer token",
            _ => "it is malformed or invalid",
        };
}
