using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests.Hardening;

/// <summary>
/// The host: shared Data Protection keys with a discriminator per deployment (a Development cookie means nothing to
/// Production), antiforgery on the demo sign-in, security headers, the environment that <c>dotnet run</c> respects,
/// and start-up errors that end in one line and exit code 1.
/// </summary>
[TestFixture]
public class HostTests
{
    [Test]
    public async Task A_cookie_from_a_development_instance_is_refused_by_a_production_instance_on_the_same_database_server()
    {
        await using var devDb = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var dev = await TestApp.StartAsync(devDb, environment: "Development");
        var cookies = new CookieContainer();
        using var browser = DemoSignIn.CookieClient(dev.BaseAddress, cookies);
        using (var signedIn = await DemoSignIn.PostAsync(dev.Services, browser, "admin-ops", "/hangfire"))
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await signedIn.Content.ReadAsStringAsync());
        var session = cookies.GetCookies(dev.BaseAddress)[".Disputes.Session"]?.Value;
        Assert.That(session, Is.Not.Null);
        Assert.That((await browser.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await dev.WithDbAsync(db => db.DataProtectionKeys.CountAsync()), Is.GreaterThan(0), "the key ring is in the database");

        // Another node of the same deployment (same database, same discriminator) reads the cookie: the keys are shared.
        await using var node2 = await TestApp.StartAsync(devDb, environment: "Development", migrate: false);
        Assert.That((await SendWithCookieAsync(node2, "/api/me", session!)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Production, on another database of the same server, and on the very same database: refused everywhere.
        await using var prodDb = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var prod = await TestApp.StartAsync(prodDb, environment: "Production", settings: new() { ["Authentication:Authority"] = "" });
        await using var prodSameDb = await TestApp.StartAsync(devDb, environment: "Production", migrate: false, settings: new() { ["Authentication:Authority"] = "" });
        foreach (var app in new[] { prod, prodSameDb })
        {
            foreach (var url in new[] { "/api/me", "/api/workflow-instances", "/hangfire" })
            {
                using var response = await SendWithCookieAsync(app, url, session!);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), url);
            }
        }
    }

    [Test]
    public async Task A_production_instance_refuses_a_demo_identity_even_under_its_own_keys()
    {
        await using var db = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var prod = await TestApp.StartAsync(db, environment: "Production", settings: new() { ["Authentication:Authority"] = "" });
        // A demo identity protected with Production's own key ring, as a stolen key or a bug would allow.
        var settings = prod.Services.GetRequiredService<Disputes.Web.Infrastructure.Auth.AuthSettings>();
        var issuer = new Disputes.Web.Infrastructure.Auth.DemoTokenIssuer(Disputes.Web.Infrastructure.Auth.LocalSigningKey.From(null), settings);
        var user = prod.Services.GetRequiredService<Disputes.Application.Security.IUserDirectory>().Find("admin-ops")!;
        var options = prod.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(issuer.Principal(user, "Cookies"), "Cookies");
        var cookie = options.TicketDataFormat.Protect(ticket);
        using var response = await SendWithCookieAsync(prod, "/api/me", cookie);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<HttpResponseMessage> SendWithCookieAsync(TestApp app, string url, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", $".Disputes.Session={session}");
        return await app.Anonymous.SendAsync(request);
    }

    [Test]
    public async Task The_demo_sign_in_wants_the_antiforgery_token_of_the_sign_in_page()
    {
        await using var db = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var app = await TestApp.StartAsync(db);
        using var forged = DemoSignIn.CookieClient(app.BaseAddress);
        using (var response = await DemoSignIn.PostAsync(app.Services, forged, "admin-ops", withToken: false))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a form posted from another site has no token");
        using var browser = DemoSignIn.CookieClient(app.BaseAddress);
        using (var response = await DemoSignIn.PostAsync(app.Services, browser, "admin-ops"))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Pages_the_api_reference_and_evidence_downloads_carry_the_security_headers()
    {
        await using var db = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(db);

        using var page = await app.Anonymous.GetAsync("/signin");
        var html = await page.Content.ReadAsStringAsync();
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("script-src 'self' 'nonce-").And.Contain("object-src 'none'")
            .And.Contain("frame-ancestors 'none'").And.Contain("connect-src 'self'").And.Not.Contain("unsafe-eval"));
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.That(nonce, Is.Not.Empty);
        // Blazor's import map (when the build's static assets are there) is the page's one inline script: with the nonce.
        foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\ssrc=)[^>]*>"))
            Assert.That(script.Value, Does.Contain($"nonce=\"{nonce}\""));
        AssertCommonHeaders(page);
        Assert.That(page.Headers.Contains("Strict-Transport-Security"), Is.False, "HSTS only in Production, over HTTPS");

        using var reference = await app.Anonymous.GetAsync("/api/reference/");
        Assert.That(reference.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reference.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"));
        AssertCommonHeaders(reference);

        var driver = new CaseFlowDriver(app);
        var id = await driver.FileAsync("buyer-emma", "ORD-1002", ["ORD-1002-2"], "not-as-described", "Not as shown.");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("<html><script>alert(1)</script></html>"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "note.txt");
        using var upload = await app.ClientAs("buyer-emma").PostAsync($"/api/complaints/{id}/evidence", form);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), await upload.Content.ReadAsStringAsync());
        var evidenceId = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var download = await app.ClientAs("buyer-emma").GetAsync($"/api/complaints/{id}/evidence/{evidenceId}");
        Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        AssertCommonHeaders(download);
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("strict-origin-when-cross-origin"));
        Assert.That(response.Headers.GetValues("Permissions-Policy").Single(), Does.Contain("camera=()").And.Contain("geolocation=()"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
    }

    [Test]
    public async Task Production_over_https_sends_hsts()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"disputes-test-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, cert.Export(X509ContentType.Pfx, "test"));
        }
        try
        {
            await using var db = await TestDatabase.CreateAsync(Db.Sqlite);
            await using var app = await TestApp.StartAsync(db, environment: "Production", settings: new()
            {
                ["Authentication:Authority"] = "",
                ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
                ["Kestrel:Endpoints:Https:Certificate:Path"] = certificate,
                ["Kestrel:Endpoints:Https:Certificate:Password"] = "test",
            });
            Assert.That(app.BaseAddress.Scheme, Is.EqualTo("https"));
            using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
            { BaseAddress = app.BaseAddress };
            // The way a browser reaches a deployment: by its name (HSTS is never sent to localhost).
            client.DefaultRequestHeaders.Host = "disputes.example";
            foreach (var url in new[] { "/health/live", "/api/reference/", "/api/me" })
            {
                using var response = await client.GetAsync(url);
                Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Does.Contain("max-age=31536000").And.Contain("includeSubDomains"), url);
            }
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    [Test]
    public void Dotnet_run_keeps_the_environment_it_is_given()
    {
        var launch = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "src", "Disputes.Web", "Properties", "launchSettings.json")))!;
        foreach (var (_, profile) in launch["profiles"]!.AsObject())
            Assert.That(profile!["environmentVariables"]?.AsObject().ContainsKey("ASPNETCORE_ENVIRONMENT") ?? false, Is.False,
                "a launch profile that sets ASPNETCORE_ENVIRONMENT overrides the one given to dotnet run");
    }

    [TestCase(null)]
    [TestCase("Development")]
    public async Task A_configuration_error_stops_start_up_with_one_line_and_exit_code_1(string? launchProfileEnvironment)
    {
        var data = Path.Combine(Path.GetTempPath(), $"disputes-startup-{Guid.NewGuid():N}.db");
        var dll = WebDll();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // What `dotnet run` adds from the launch profile: ASPNETCORE_ENVIRONMENT still decides.
        if (launchProfileEnvironment is not null) info.Environment["DOTNET_ENVIRONMENT"] = launchProfileEnvironment;
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["Clock__Offset"] = "P1D";
        info.Environment["ConnectionStrings__Disputes"] = $"Data Source={data}";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the service started although its configuration is wrong");
        }
        var errors = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(errors, Is.EqualTo(new[] { "Disputes did not start: Clock:Offset is refused in Production." }));
        Assert.That(await stdout, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
    }

    private static string WebDll()
    {
        var candidates = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src", "Disputes.Web", "bin"), "Disputes.Web.dll", SearchOption.AllDirectories)
            .Where(f => f.Contains("net10.0", StringComparison.Ordinal) && !f.Contains("publish", StringComparison.Ordinal))
            .OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        Assert.That(candidates, Is.Not.Empty, "build the solution first (./test.sh does)");
        return candidates[0];
    }
}
