using System.Text.Encodings.Web;
using Disputes.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;

namespace Disputes.Web.Ui;

/// <summary>
/// Error pages for people: a browser that asks for a page (GET, <c>Accept: text/html</c>, outside <c>/api</c>) and
/// meets 403, 404 or 500 gets a page in its language with a way back; everything else keeps RFC 9457 problem
/// details. The page is plain HTML written here, so it shows even when the interactive UI cannot start.
/// </summary>
public static class ErrorPages
{
    private static readonly string[] MachinePaths = ["/api", "/openapi", "/health", "/local", "/_framework", "/_blazor", "/_content"];

    /// <summary>True for a browser's navigation to a page (not an API call, a script or a fetch for data).</summary>
    public static bool WantsHtml(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !MachinePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Status pages: HTML for browsers, problem details for the rest.</summary>
    public static WebApplication UseDisputesStatusPages(this WebApplication app)
    {
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (WantsHtml(http.Request))
            {
                if (http.Response.StatusCode == StatusCodes.Status401Unauthorized) RedirectToSignIn(http);
                else await WriteAsync(http, http.Response.StatusCode);
                return;
            }
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } });
        });
        app.MapGet("/error/{status:int}", (HttpContext http, int status) =>
                WriteAsync(http, status is 403 or 404 or 500 ? status : 404))
            .AllowAnyone()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>A browser that must sign in goes to the sign-in page, and comes back afterwards.</summary>
    public static void RedirectToSignIn(HttpContext http)
    {
        var back = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        http.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(back.ToString()));
    }

    public static async Task WriteAsync(HttpContext http, int status)
    {
        var texts = http.RequestServices.GetRequiredService<UiTexts>();
        var language = UiTexts.Choose(http.Request.Cookies[UiTexts.CookieName], http.User.FindFirst("locale")?.Value);
        var kind = status is 403 or 500 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "404";
        string T(string key) => HtmlEncoder.Default.Encode(texts.Get(language, key));
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        var html = $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>{T($"error.{kind}.title")} – Disputes</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
              <link rel="stylesheet" href="/app.css" />
            </head>
            <body class="error-page">
              <header class="error-bar"><a href="/" class="brand">Disputes</a></header>
              <main id="main" class="error-main" data-status="{status}">
                <h1>{T($"error.{kind}.title")}</h1>
                <p>{T($"error.{kind}.text")}</p>
                <p class="error-links">
                  <a href="/" class="error-home">{T("notfound.home")}</a>
                  {(kind == "403" && signedIn ? $"""<a href="/signin">{T("error.other-user")}</a>""" : "")}
                  <a href="javascript:history.back()">{T("error.back")}</a>
                </p>
                <p class="error-code">HTTP {status}</p>
              </main>
            </body>
            </html>
            """;
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html);
    }
}

/// <summary>An unexpected error while serving a page to a browser shows the HTML error page (the API keeps problem details).</summary>
public sealed class HtmlErrorPageExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ErrorPages.WantsHtml(httpContext.Request) || httpContext.Response.HasStarted) return false;
        await ErrorPages.WriteAsync(httpContext, StatusCodes.Status500InternalServerError);
        return true;
    }
}
