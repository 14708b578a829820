using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Web;
using Disputes.Web.Infrastructure;
using Disputes.Web.Infrastructure.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Disputes.IntegrationTests;

/// <summary>Demo sign-in, bearer tokens, the cookie, problem details for 401/403, and Production's refusals.</summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class AuthenticationTests(Db provider)
{
    private const string Key = "a-known-local-signing-key-for-the-tests-0123456789";

    private TestDatabase database = null!;
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        app = await TestApp.StartAsync(database, settings: new() { ["Authentication:LocalSigningKey"] = Key });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>A token made outside the service, as an attacker or another issuer would.</summary>
    internal static string Mint(string signingKey, string[] roles, string issuer = AuthSettings.LocalIssuer, DateTime? expires = null, string sub = "admin-ops")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "disputes",
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = sub, ["name"] = "Minted", ["roles"] = roles },
        });
    }

    private static async Task<HttpResponseMessage> GetWithTokenAsync(HttpClient client, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(status));
        Assert.That(problem["title"]?.GetValue<string>(), Is.Not.Empty);
        Assert.That(problem["detail"]?.GetValue<string>(), Is.Not.Empty);
        return problem;
    }

    [Test]
    public async Task A_demo_token_names_the_user_and_me_returns_them()
    {
        using var issued = await app.Anonymous.PostAsJsonAsync("/api/auth/demo-token", new { userId = "rev-sam" });
        var token = await issued.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(token!["accessToken"]!.GetValue<string>().Split('.'), Has.Length.EqualTo(3));
        Assert.That(token["expiresAt"]!.GetValue<DateTimeOffset>(), Is.GreaterThan(DateTimeOffset.UtcNow));
        Assert.That(token["user"]!["id"]!.GetValue<string>(), Is.EqualTo("rev-sam"));

        var me = await app.ClientAs("lead-olga").GetFromJsonAsync<JsonObject>("/api/me");
        Assert.That(me!["id"]!.GetValue<string>(), Is.EqualTo("lead-olga"));
        Assert.That(me["name"]!.GetValue<string>(), Is.EqualTo("Olga Petrova"));
        Assert.That(me["email"]!.GetValue<string>(), Is.EqualTo("olga@disputes.example.test"));
        Assert.That(me["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "reviewer", "expert", "lead" }));

        await ProblemAsync(await app.Anonymous.GetAsync("/api/me"), 401);
        var unknown = await ProblemAsync(await app.Anonymous.PostAsJsonAsync("/api/auth/demo-token", new { userId = "nobody" }), 404);
        Assert.That(unknown["title"]!.GetValue<string>(), Is.EqualTo("Unknown demo user"));
    }

    [Test]
    public async Task Demo_users_are_listed_by_role_for_anyone()
    {
        var groups = await app.Anonymous.GetFromJsonAsync<JsonArray>("/api/auth/demo-users");
        Assert.That(groups!.Select(g => g!["role"]!.GetValue<string>()), Is.EqualTo(Roles.All));
        foreach (var group in groups!)
            Assert.That(group!["users"]!.AsArray(), Is.Not.Empty, $"no demo user for {group["role"]}");
        var reviewers = groups.Single(g => g!["role"]!.GetValue<string>() == Roles.Reviewer)!["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>());
        Assert.That(reviewers, Does.Contain("rev-sam").And.Contain("lead-olga"));
    }

    [Test]
    public async Task Refusals_are_problem_details_that_say_what_is_missing()
    {
        using var unauthenticated = await app.Anonymous.GetAsync("/api/workflow-instances");
        Assert.That(unauthenticated.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EqualTo(new[] { "Bearer" }));
        var anonymous = await ProblemAsync(unauthenticated, 401);
        Assert.That(anonymous["detail"]!.GetValue<string>(), Does.Contain("Bearer").And.Contain("admin"));

        using var asReviewer = await app.ClientAs("rev-sam").GetAsync("/api/workflow-instances");
        var forbidden = await ProblemAsync(asReviewer, 403);
        Assert.That(forbidden["detail"]!.GetValue<string>(), Does.Contain("rev-sam").And.Contain("reviewer").And.Contain("Allowed roles: admin"));
    }

    [Test]
    public async Task A_token_signed_with_another_key_or_expired_or_from_another_issuer_is_refused()
    {
        // Control: a token minted with the service's own key is accepted, so the refusals below mean something.
        using (var control = await GetWithTokenAsync(app.Anonymous, "/api/workflow-definitions", Mint(Key, [Roles.Admin])))
            Assert.That(control.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var forged = await ProblemAsync(await GetWithTokenAsync(app.Anonymous, "/api/workflow-definitions", Mint(otherKey, [Roles.Admin])), 401);
        Assert.That(forged["detail"]!.GetValue<string>(), Does.Contain("not signed by a key this service trusts"));

        var expired = await ProblemAsync(await GetWithTokenAsync(app.Anonymous, "/api/workflow-definitions", Mint(Key, [Roles.Admin], expires: DateTime.UtcNow.AddMinutes(-10))), 401);
        Assert.That(expired["detail"]!.GetValue<string>(), Does.Contain("expired"));

        await ProblemAsync(await GetWithTokenAsync(app.Anonymous, "/api/workflow-definitions", Mint(Key, [Roles.Admin], issuer: "someone-else")), 401);
        await ProblemAsync(await GetWithTokenAsync(app.Anonymous, "/api/workflow-definitions", "not-a-jwt"), 401);
    }

    [Test]
    public async Task The_dashboard_is_for_admins_only()
    {
        await ProblemAsync(await app.Anonymous.GetAsync("/hangfire"), 401);
        foreach (var user in new[] { "buyer-emma", "seller-anna", "rev-sam", "exp-maria", "lead-olga", "comp-lena" })
            await ProblemAsync(await app.ClientAs(user).GetAsync("/hangfire"), 403);

        using var asAdmin = await app.Admin.GetAsync("/hangfire");
        Assert.That(asAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await asAdmin.Content.ReadAsStringAsync(), Does.Contain("Disputes jobs"));
    }

    private HttpClient CookieClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    private Task<HttpResponseMessage> SignInAsync(HttpClient client, string userId, string? returnUrl = "/hangfire") =>
        DemoSignIn.PostAsync(app.Services, client, userId, returnUrl);

    [Test]
    public async Task The_cookie_signs_in_an_admin_for_the_dashboard_and_answers_api_calls_with_401_or_403_not_redirects()
    {
        using var admin = CookieClient();
        await ProblemAsync(await admin.GetAsync("/hangfire"), 401);
        using (var signedIn = await SignInAsync(admin, "admin-ops"))
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(signedIn.Headers.Location?.ToString(), Is.EqualTo("/hangfire"));
        }
        Assert.That((await admin.GetAsync("/hangfire")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.GetAsync("/api/workflow-definitions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.GetFromJsonAsync<JsonObject>("/api/me"))!["id"]!.GetValue<string>(), Is.EqualTo("admin-ops"));

        using (var signedOut = await admin.PostAsync("/auth/sign-out", null))
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await ProblemAsync(await admin.GetAsync("/api/me"), 401);

        using var reviewer = CookieClient();
        using (await SignInAsync(reviewer, "rev-sam", returnUrl: null)) { }
        await ProblemAsync(await reviewer.GetAsync("/api/workflow-definitions"), 403);
        await ProblemAsync(await reviewer.GetAsync("/hangfire"), 403);
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    [TestCase("/\\evil.example/")]
    public async Task Demo_sign_in_redirects_only_to_local_urls(string returnUrl)
    {
        using var client = CookieClient();
        await ProblemAsync(await SignInAsync(client, "admin-ops", returnUrl), 400);
        await ProblemAsync(await client.GetAsync("/api/me"), 401);
    }

    [Test]
    public async Task Outside_a_request_the_current_user_is_the_system()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();
        Assert.That((user.Id, user.IsAuthenticated, user.Roles.Count), Is.EqualTo(("system", true, 0)));
    }

    [Test]
    public async Task Operator_actions_record_the_signed_in_admin_as_the_actor()
    {
        var started = await app.StartInstanceAsync("sample-review", new { orderId = "actor-1", amount = 10, currency = "EUR" });
        var id = Guid.Parse(started["instanceId"]!.GetValue<string>());
        using (var cancelled = await app.Admin.PostAsJsonAsync($"/api/workflow-instances/{id}/cancel", new { reason = "test" }))
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var actors = (await app.GetInstanceAsync(id))["journal"]!.AsArray().Select(j => j!["actor"]!.GetValue<string>()).Distinct();
        Assert.That(actors, Is.EqualTo(new[] { "admin-ops" }));
    }
}

/// <summary>Production: no demo users, no demo tokens, no local key.</summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class ProductionAuthenticationTests(Db provider)
{
    private const string Key = "a-known-local-signing-key-for-the-tests-0123456789";

    [Test]
    public async Task Production_refuses_demo_users_demo_tokens_and_the_local_key()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database, environment: "Production",
            settings: new() { ["Authentication:LocalSigningKey"] = Key, ["Authentication:Authority"] = "" });

        using (var token = await app.Anonymous.PostAsJsonAsync("/api/auth/demo-token", new { userId = "admin-ops" }))
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await app.Anonymous.GetAsync("/api/auth/demo-users")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var signIn = await app.Anonymous.PostAsync("/auth/demo-sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "admin-ops" })))
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // A token signed with the configured local key, exactly as the demo endpoint would make it elsewhere.
        var local = AuthenticationTests.Mint(Key, [Roles.Admin]);
        foreach (var url in new[] { "/api/workflow-definitions", "/api/me", "/hangfire" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", local);
            using var response = await app.Anonymous.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), url);
        }
        Assert.That(() => app.Services.GetRequiredService<DemoTokenIssuer>(), Throws.InvalidOperationException, "no demo token issuer in Production");
    }
}

/// <summary>Start-up checks of the users file and of role declarations; no database needed.</summary>
public class UserDirectoryTests
{
    private static UserDirectoryException? BuildWith(string referenceFolder)
    {
        try
        {
            var app = DisputesApp.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Reference:Path"] = referenceFolder, ["Workflows:DefinitionsPath"] = Repo.Workflows, ["Hangfire:ServerEnabled"] = "false",
            }));
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (UserDirectoryException ex)
        {
            return ex;
        }
    }

    [Test]
    public void A_missing_users_file_stops_start_up_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("disputes-ref").FullName;
        var ex = BuildWith(folder);
        Assert.That(ex?.Message, Does.Contain(Path.Combine(folder, "users.local.json")).And.Contain("does not exist"));
    }

    [TestCase("{ \"users\": [ { \"id\": \"x\", ", "not valid JSON")]
    [TestCase("{ \"users\": [] }", "$.users must list at least one user")]
    [TestCase("{ \"users\": [ { \"id\": \"x\", \"name\": \"X\", \"roles\": [\"superuser\"] } ] }", "$.users[0].roles: unknown role 'superuser'")]
    [TestCase("{ \"users\": [ { \"id\": \"x\", \"name\": \"X\", \"roles\": [\"buyer\"] }, { \"id\": \"x\", \"name\": \"Y\", \"roles\": [\"buyer\"] } ] }", "$.users[1].id 'x' appears twice")]
    public void A_malformed_users_file_stops_start_up_naming_the_file_and_the_problem(string json, string problem)
    {
        var folder = Directory.CreateTempSubdirectory("disputes-ref").FullName;
        File.WriteAllText(Path.Combine(folder, "users.local.json"), json);
        var ex = BuildWith(folder);
        Assert.That(ex?.Message, Does.StartWith(Path.Combine(folder, "users.local.json") + ": ").And.Contain(problem));
    }

    [Test]
    public void The_shipped_users_file_has_a_demo_user_for_every_role()
    {
        var directory = FileUserDirectory.Load(Path.Combine(Repo.Reference, "users.local.json"));
        foreach (var role in Roles.All) Assert.That(directory.InRole(role), Is.Not.Empty, role);
    }

    [Test]
    public void An_anonymous_caller_is_not_authenticated_and_has_the_anonymous_id()
    {
        var anonymous = new HttpCurrentUser(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));
        Assert.That((anonymous.IsAuthenticated, anonymous.Id, anonymous.Roles.Count, anonymous.IsIn(Roles.Admin)), Is.EqualTo((false, "anonymous", 0, false)));
    }

    [Test]
    public void RequireRoles_refuses_unknown_roles_and_an_empty_list()
    {
        var builder = WebApplication.CreateBuilder();
        using var app = builder.Build();
        Assert.That(() => app.MapGet("/x", () => "x").RequireRoles("superuser"), Throws.ArgumentException.With.Message.Contains("superuser"));
        Assert.That(() => app.MapGet("/y", () => "y").RequireRoles(), Throws.ArgumentException);
    }
}
