namespace Disputes.Web.Infrastructure;

/// <summary>
/// Security headers on every answer (NetEscapades.AspNetCore.SecurityHeaders): a Content-Security-Policy the Blazor
/// Server UI works under (its scripts from this site only, its WebSocket to this site, inline styles for MudBlazor),
/// <c>X-Content-Type-Options: nosniff</c> (evidence downloads too), a Referrer-Policy, a Permissions-Policy that turns
/// off every powerful feature, no framing, and HSTS in Production (on HTTPS answers). The API reference (Scalar) needs
/// its inline start-up script: it has a policy of its own that allows that, and nothing more.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiReferencePolicy = "api-reference";

    public static IServiceCollection AddDisputesSecurityHeaders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // The identity provider's sign-in page is reached by a form (GET /auth/sign-in, then a redirect there):
        // form-action must allow its origin, or browsers stop the redirect.
        var authority = Uri.TryCreate(configuration["Authentication:Authority"], UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(p => Common(p, environment).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                // The page's one inline script is Blazor's import map, which carries the request's nonce (App.razor).
                csp.AddScriptSrc().Self().WithNonce();
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self().Data();
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                var forms = csp.AddFormAction().Self();
                if (authority is not null) forms.From(authority);
                csp.AddFrameAncestors().None();
            }))
            .AddPolicy(ApiReferencePolicy, p => Common(p, environment).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self().UnsafeInline();
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self().Data();
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().None();
                csp.AddFrameAncestors().None();
            }));
        return services;
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection policy, IHostEnvironment environment)
    {
        policy.AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddPermissionsPolicyWithDefaultSecureDirectives()
            .AddCrossOriginOpenerPolicy(x => x.SameOrigin())
            .AddCrossOriginResourcePolicy(x => x.SameOrigin());
        if (environment.IsProduction()) policy.AddStrictTransportSecurityMaxAgeIncludeSubDomains(maxAgeInSeconds: 365 * 24 * 60 * 60);
        return policy;
    }
}
