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
        services.AddScoped<Microsoft.Extensions.Localization.IStringLocalizer>(sp => sp.GetRequiredService<UiText>());
        services.AddScoped(typeof(Microsoft.Extensions.Localization.IStringLocalizer<>), typeof(UiText<>));
        services.AddScoped<UiCalls>();
        services.AddExceptionHandler<HtmlErrorPageExceptionHandler>();
        services.AddScoped<IDecisionSearch, EfDecisionSearch>();
        return services;
    }

    /// <summary>After authentication and authorization: antiforgery, static assets, the pages and the UI's endpoints.</summary>
    public static WebApplication MapDisputesUi(this WebApplication app)
    {
        app.UseAntiforgery();
        // The build's (or publish's) manifest of static assets (MudBlazor, blazor.web.js, app.css), named for this
        // assembly so that a host whose application name differs (a test host) still finds it.
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{typeof(UiRegistration).Assembly.GetName().Name}.staticwebassets.endpoints.json");
        if (File.Exists(manifest)) app.MapStaticAssets(manifest);
        else app.Logger.LogWarning("{Manifest} is missing: the web UI's scripts and styles are not served.", manifest);
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
        // Unknown addresses answer 404 problem details whatever the method. Without these, the UI's catch-all file
        // route ({**path:file}, GET/HEAD) made routing answer 405 to a POST to a path that does not exist (such as the
        // demo sign-in endpoints in Production) and served GET /api/<unknown>.<ext> as a file.
        app.MapFallback("/api/{**path}", NotFound).AllowAnyone().ExcludeFromDescription();
        app.MapMethods("/{**path}", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], NotFound)
            .WithOrder(int.MaxValue).AllowAnyone()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult NotFound() =>
        Results.Problem(statusCode: 404, title: "Not found", detail: "Nothing has this address; /api/reference lists the API's endpoints.");
}
