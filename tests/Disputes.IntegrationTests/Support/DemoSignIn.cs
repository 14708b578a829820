using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Disputes.IntegrationTests.Support;

/// <summary>
/// Signs a browser-like client (with a cookie container) in as a demo user, as the sign-in page does: with an
/// antiforgery token and its cookie. The page renders its form in the browser (Blazor), so the test asks the
/// service's own antiforgery service for the pair a browser would have got.
/// </summary>
public static class DemoSignIn
{
    public static HttpClient CookieClient(Uri baseAddress, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public static async Task<HttpResponseMessage> PostAsync(IServiceProvider services, HttpClient client, string userId, string? returnUrl = null, bool withToken = true)
    {
        var form = new Dictionary<string, string> { ["userId"] = userId };
        if (returnUrl is not null) form["returnUrl"] = returnUrl;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/demo-sign-in");
        if (withToken)
        {
            var http = new DefaultHttpContext { RequestServices = services };
            var tokens = services.GetRequiredService<IAntiforgery>().GetTokens(http);
            form[tokens.FormFieldName] = tokens.RequestToken!;
            var cookie = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
            request.Headers.Add("Cookie", $"{cookie}={tokens.CookieToken}");
        }
        request.Content = new FormUrlEncodedContent(form);
        return await client.SendAsync(request);
    }
}
