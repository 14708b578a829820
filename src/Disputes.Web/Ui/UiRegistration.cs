using Disputes.Application.Compliance;
using Disputes.Domain;
using Disputes.Persistence.Compliance;
using Disputes.Web.Components;
using Disputes.Web.Endpoints;
using Disputes.Web.Infrastructure;
using MudBlazor.Services;

namespace Disputes.Web.Ui;

/// <summary>The web UI: Blazor (interactive server), MudBlazor, the language cookie and the compliance read port.</summary>
public static class UiRegistration
{
    public static IServiceCollection AddDisputesUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddSingleton<UiTexts>();
        services.AddScoped<UiText>();
        services.AddScoped<UiCalls>();
        services.AddScoped<IDecisionSearch, EfDecisionSearch>();
        return services;
    }

    /// <summary>After authentication and authorization: antiforgery, static assets, the pages and the UI's endpoints.</summary>
    public static WebApplication MapDisputesUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapGet("/ui/language", (HttpContext http, string? lang, string? returnUrl) =>
            {
                if (!Languages.IsSupported(lang)) return Results.Problem(statusCode: 400, title: "Unknown language", detail: $"Use one of: {string.Join(", ", Languages.Supported)}.");
                http.Response.Cookies.Append(UiTexts.CookieName, lang!, new CookieOptions
                {
                    Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
                    Secure = http.Request.IsHttps,
                });
                return Results.LocalRedirect(returnUrl is { Length: > 0 } r && AuthEndpoints.IsLocalUrl(r) ? r : "/");
            })
            .AllowAnyone()
            .ExcludeFromDescription();
        app.MapComplianceSearchEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
