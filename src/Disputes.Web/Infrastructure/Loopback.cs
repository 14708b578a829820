using System.Net;
using Hangfire.Dashboard;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// Until authentication exists, operator endpoints and the Hangfire dashboard answer only requests from this
/// machine. A request without a known remote address is refused.
/// </summary>
public static class Loopback
{
    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    public static RouteGroupBuilder RequireLoopback(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
            IsLocal(context.HttpContext)
                ? await next(context)
                : Results.Problem(statusCode: 403, title: "Operators only", detail: "Operator endpoints answer only requests from the loopback interface until authentication is configured."));
}

public sealed class LoopbackDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => Loopback.IsLocal(context.GetHttpContext());
}
