using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Disputes.IntegrationTests;

/// <summary>With an authority and a client id (Production), the web UI signs people in with OpenID Connect: code + PKCE.</summary>
[TestFixture]
public class UiSignInTests
{
    [Test, CancelAfter(60_000)]
    public async Task The_web_ui_signs_in_through_the_identity_provider_with_code_and_pkce()
    {
        // A stand-in identity provider on a loopback port: its discovery document and an empty key set.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var idp = builder.Build();
        idp.MapGet("/.well-known/openid-configuration", (HttpContext c) =>
        {
            var issuer = $"{c.Request.Scheme}://{c.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = issuer + "/authorize",
                ["token_endpoint"] = issuer + "/token",
                ["jwks_uri"] = issuer + "/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        idp.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await idp.StartAsync();
        var authority = idp.Urls.First();

        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var app = await TestApp.StartAsync(database, environment: "Production", settings: new()
        {
            ["Authentication:Authority"] = authority,
            ["Authentication:ClientId"] = "disputes-ui",
            ["Authentication:RequireHttpsMetadata"] = "false",
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

        using var response = await client.GetAsync("/auth/sign-in?returnUrl=%2Freview");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith(authority + "/authorize?"));
        Assert.That(location, Does.Contain("client_id=disputes-ui").And.Contain("response_type=code").And.Contain("code_challenge_method=S256")
            .And.Contain("redirect_uri=" + Uri.EscapeDataString(new Uri(app.BaseAddress, "/signin-oidc").ToString())));

        using var foreign = await client.GetAsync("/auth/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var demo = await client.PostAsync("/auth/demo-sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "admin-ops" }));
        Assert.That(demo.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no demo sign-in in Production");
    }
}
