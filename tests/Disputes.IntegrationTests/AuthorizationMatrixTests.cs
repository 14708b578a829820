using System.Net;
using System.Text;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Disputes.IntegrationTests;

/// <summary>
/// Every endpoint under /api, plus the Hangfire dashboard, called as anonymous and as one demo user per role. The
/// endpoints come from the app's own endpoint data source, so endpoints added later are checked without a change
/// here. Who is allowed comes from each endpoint's <see cref="AllowedRoles"/> metadata (RequireRoles / AllowAnyone).
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class AuthorizationMatrixTests(Db provider)
{
    private sealed record Caller(string Column, UserInfo? User);

    private sealed record Target(string Method, string Pattern, string Url, AllowedRoles Allowed);

    [Test, CancelAfter(300_000)]
    public async Task Every_endpoint_lets_in_exactly_the_roles_it_declares_and_refuses_the_others()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);

        var (targets, undeclared) = Targets(app.Services.GetRequiredService<EndpointDataSource>());
        Assert.That(undeclared, Is.Empty, "every /api endpoint must call RequireRoles(...) or AllowAnyone(), once");
        Assert.That(targets.Select(t => t.Pattern), Has.Some.StartsWith("/hangfire"), "the dashboard is part of the matrix");
        Assert.That(targets.Select(t => t.Pattern), Has.Some.EqualTo("/api/me"));

        var directory = app.Services.GetRequiredService<IUserDirectory>();
        var callers = new List<Caller> { new("anonymous", null) };
        foreach (var role in Roles.All)
        {
            // The demo user with the fewest roles speaks for the role (a lead is also a reviewer and an expert).
            var user = directory.InRole(role).OrderBy(u => u.Roles.Count).FirstOrDefault();
            Assert.That(user, Is.Not.Null, $"users.local.json has no demo user with role '{role}'");
            callers.Add(new(role, user));
        }
        var clients = callers.ToDictionary(c => c.Column, c => c.User is null ? app.Anonymous : app.ClientAs(c.User.Id));

        var failures = new List<string>();
        var table = new StringBuilder();
        var width = Math.Max(targets.Max(t => t.Method.Length + 1 + t.Pattern.Length), 20) + 2;
        table.Append("endpoint".PadRight(width)).Append("allowed".PadRight(28));
        foreach (var c in callers) table.Append(c.Column[..Math.Min(c.Column.Length, 10)].PadLeft(11));
        table.AppendLine();
        foreach (var target in targets)
        {
            table.Append($"{target.Method} {target.Pattern}".PadRight(width)).Append(Truncate(target.Allowed.ToString(), 27).PadRight(28));
            foreach (var caller in callers)
            {
                var status = await SendAsync(clients[caller.Column], target);
                var allowed = caller.User is null ? target.Allowed.AllowsAnonymous : target.Allowed.Allows(caller.User.Roles);
                var expectation = allowed ? "neither 401 nor 403"
                    : caller.User is null ? "401"
                    : "403";
                var ok = allowed ? status is not (401 or 403) : status == (caller.User is null ? 401 : 403);
                if (!ok) failures.Add($"{target.Method} {target.Url} as {caller.Column} ({caller.User?.Id ?? "no token"}): {status}, expected {expectation}");
                table.Append(((ok ? "" : "!") + status).PadLeft(11));
            }
            table.AppendLine();
        }
        TestContext.Out.WriteLine($"Authorization matrix ({provider}; status per caller, ! marks a wrong answer):");
        TestContext.Out.WriteLine(table.ToString());
        Assert.That(failures, Is.Empty);
    }

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";

    private static async Task<int> SendAsync(HttpClient client, Target target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url);
        if (target.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>The endpoints to call (one per method), and the /api endpoints that do not declare who may call them.</summary>
    private static (List<Target> Targets, List<string> Undeclared) Targets(EndpointDataSource source)
    {
        var targets = new List<Target>();
        var undeclared = new List<string>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!IsUnder(pattern, "/api") && !IsUnder(pattern, "/hangfire")) continue;
            var declared = endpoint.Metadata.GetOrderedMetadata<AllowedRoles>();
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["GET"];
            if (declared.Count != 1)
            {
                undeclared.Add($"{string.Join(",", methods)} {pattern}: {declared.Count} AllowedRoles");
                continue;
            }
            foreach (var method in methods)
                targets.Add(new Target(method, pattern, Url(endpoint.RoutePattern), declared[0]));
        }
        return ([.. targets.OrderBy(t => t.Pattern, StringComparer.Ordinal).ThenBy(t => t.Method, StringComparer.Ordinal)], undeclared);
    }

    private static bool IsUnder(string pattern, string prefix) =>
        pattern.Equals(prefix, StringComparison.OrdinalIgnoreCase) || pattern.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The route with every parameter filled by a syntactically valid dummy value (catch-alls left empty).</summary>
    private static string Url(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Dummy(parameter),
            _ => "",
        })));
        return "/" + string.Join("/", segments).TrimEnd('/');
    }

    private static string Dummy(RoutePatternParameterPart parameter)
    {
        if (parameter.IsCatchAll) return "";
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        if (constraints.Any(c => c.StartsWith("guid", StringComparison.OrdinalIgnoreCase))) return "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        if (constraints.Any(c => c is "int" or "long" || c.StartsWith("min", StringComparison.Ordinal) || c.StartsWith("range", StringComparison.Ordinal))) return "1";
        if (constraints.Any(c => c is "bool")) return "true";
        if (constraints.Any(c => c is "datetime")) return "2026-01-01";
        if (constraints.Any(c => c is "decimal" or "double" or "float")) return "1.5";
        return "dummy-1";
    }
}
