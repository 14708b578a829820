using Disputes.Application.Security;
using Disputes.Web.Endpoints;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Disputes.Web.Infrastructure.Auth;

/// <summary>
/// Authentication and authorization. A policy scheme picks the bearer scheme when a request has an
/// <c>Authorization</c> header and the cookie scheme (for the web UI) otherwise. Production trusts only the configured
/// OpenID Connect authority; every other environment also trusts demo tokens signed with the local key.
/// </summary>
public static class AuthRegistration
{
    public const string Scheme = "Disputes";
    public const string CookieName = ".Disputes.Session";
    public const string OidcScheme = "oidc";

    public static IServiceCollection AddDisputesAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        services.AddSingleton(settings);
        services.AddSingleton<IUserDirectory>(FileUserDirectory.Load(FileUserDirectory.ResolvePath(configuration, environment.ContentRootPath)));
        services.AddHttpContextAccessor();
        services.AddScoped<UiPrincipal>();
        services.AddScoped(HttpCurrentUser.Resolve);

        // The key ring that protects cookies and antiforgery tokens lives in the database: every node of a deployment
        // shares it, and a deployment's discriminator keeps its cookies apart from any other's (a Development
        // instance's cookie means nothing to a Production one, even on the same database server).
        services.AddDataProtection()
            .PersistKeysToDbContext<Disputes.Persistence.DisputesDbContext>()
            .SetApplicationName(DataProtectionName(configuration, environment));

        LocalSigningKey? localKey = null;
        if (!environment.IsProduction())
        {
            localKey = LocalSigningKey.From(settings.LocalSigningKey);
            services.AddSingleton(localKey);
            services.AddSingleton<DemoTokenIssuer>();
        }

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token, else cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Audience = settings.Audience;
                o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                if (!string.IsNullOrWhiteSpace(settings.Authority)) o.Authority = settings.Authority;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = settings.NameClaim,
                    RoleClaimType = settings.RoleClaim,
                    ValidAudience = settings.Audience,
                    ValidateAudience = true,
                    ValidateIssuer = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromMinutes(1),
                    // The authority's issuer and keys are added to these from its discovery document.
                    ValidIssuers = localKey is null ? [] : [AuthSettings.LocalIssuer],
                    IssuerSigningKeys = localKey is null ? [] : [localKey.Key],
                };
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = settings.LocalTokenLifetime;
                // Endpoints answer 401/403 problem details (written by ProblemAuthorizationResultHandler), never a
                // redirect; the web UI's pages check the user themselves and send a browser to /signin.
                if (environment.IsProduction())
                {
                    // Belt and braces: a demo identity is never valid in Production, whatever key ring it came from.
                    o.Events.OnValidatePrincipal = async c =>
                    {
                        if (c.Principal?.HasClaim(c => c.Type == DemoTokenIssuer.SourceClaim || c.Issuer == AuthSettings.LocalIssuer) == true)
                        {
                            c.RejectPrincipal();
                            await c.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        }
                    };
                }
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        if (settings.UiSignIn)
        {
            // The web UI outside the demo: the authority signs people in (code + PKCE) into the cookie above, with the
            // same claims as its bearer tokens (sub, the name claim, the role claim).
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = settings.Authority;
                o.ClientId = settings.ClientId;
                o.ClientSecret = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : settings.ClientSecret;
                o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.CallbackPath = "/signin-oidc";
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.SaveTokens = false;
                o.TokenValidationParameters.NameClaimType = settings.NameClaim;
                o.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
            });
        }
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>
    /// The Data Protection application discriminator: <c>DataProtection:ApplicationName</c>, or "disputes-" and the
    /// environment name. Nodes of one deployment share it; give each deployment its own.
    /// </summary>
    public static string DataProtectionName(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["DataProtection:ApplicationName"] is { Length: > 0 } name ? name : "disputes-" + environment.EnvironmentName.ToLowerInvariant();

    /// <summary>Authentication, authorization, the sign-in endpoints and the admin-only Hangfire dashboard.</summary>
    public static WebApplication UseDisputesAuth(this WebApplication app)
    {
        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(app.Configuration[$"{AuthSettings.Section}:Authority"]))
        {
            app.Logger.LogWarning("Authentication:Authority is not set: in Production every bearer token is refused until it is.");
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAuthEndpoints();
        return app;
    }

    /// <summary>The Hangfire dashboard at <paramref name="path"/>, for admins (bearer or cookie) only.</summary>
    public static IEndpointConventionBuilder MapHangfireDashboardForAdmins(this WebApplication app, string path, DashboardOptions options) =>
        app.MapHangfireDashboardWithNoAuthorizationFilters(path, options).RequireRoles(Roles.Admin);
}
