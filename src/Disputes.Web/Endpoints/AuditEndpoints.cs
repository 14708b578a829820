using Disputes.Application.Compliance.Audit;
using Disputes.Application.Security;
using Disputes.Web.Infrastructure;
using Mediator;

namespace Disputes.Web.Endpoints;

/// <summary>The audit trail: entries and the chain check. Compliance reads; operators may verify.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/compliance/audit").WithTags("Compliance: audit trail");
        audit.MapGet("/", async (IMediator m, CancellationToken ct, Guid? caseId, string? action, string? actor, DateTimeOffset? from, DateTimeOffset? to, int page = 1, int pageSize = 50) =>
                Results.Ok(await m.Send(new GetAuditTrail(caseId, action, actor, from, to, Paging.Page(page), Paging.Size(pageSize)), ct)))
            .RequireRoles(Roles.Compliance).WithSummary("Audit entries (newest first) by case, action, actor and time; paged");
        audit.MapGet("/verify", async (IMediator m, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to, long? anchorSequence, string? anchorHash, bool latestAnchor = true) =>
                Results.Ok(await m.Send(new VerifyAuditTrail(from, to, anchorSequence, anchorHash, latestAnchor), ct)))
            .RequireRoles(Roles.Compliance, Roles.Admin)
            .WithSummary("Check the audit trail, whole or for [from, to]: the hash chain, the signed tree heads, the latest anchor kept outside the database (or the one given: anchorSequence and anchorHash; latestAnchor=false for none) and the cases and decisions against the trail; changed, deleted, inserted entries and a truncated or cut trail are named");
        app.MapGet("/api/complaints/{id:guid}/audit-proof", async (IMediator m, CancellationToken ct, Guid id) => Results.Ok(await m.Send(new GetCaseAuditProof(id), ct)))
            .RequireRoles(Roles.Buyer, Roles.Seller, Roles.Lead, Roles.Compliance).WithTags("Compliance: audit trail")
            .WithSummary("A case's audit entries with an inclusion proof each (RFC 6962 audit path to a signed tree head) and the public key to check them; for compliance and the case's parties");
    }

    /// <summary><c>Disputes.Web audit verify [--from 2026-01-01] [--to 2026-12-31]</c>: prints the result; exit code 0 when intact, 1 when not.</summary>
    public static async Task<int> RunCommandAsync(WebApplication app, string[] args)
    {
        if (args.Length < 2 || args[1] != "verify")
        {
            Console.Error.WriteLine("Usage: audit verify [--from <date-time>] [--to <date-time>] [--anchor <sequence>:<hash> | --no-anchor]");
            return 2;
        }
        DateTimeOffset? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            if (i < 0 || i + 1 >= args.Length) return null;
            return DateTimeOffset.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        }
        // The embedded default may not have created its database yet: migrate as start-up would.
        if (app.Services.GetRequiredService<Disputes.Persistence.DatabaseOptions>().MigrateOnStartup) await DisputesApp.MigrateAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var anchor = Array.IndexOf(args, "--anchor") is var a && a >= 0 && a + 1 < args.Length ? args[a + 1].Split(':', 2) : null;
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new VerifyAuditTrail(Option("--from"), Option("--to"),
            anchor is null ? null : long.Parse(anchor[0], System.Globalization.CultureInfo.InvariantCulture), anchor?.ElementAtOrDefault(1), !args.Contains("--no-anchor")));
        var against = result.Anchor is { } used ? $"; anchor #{used.Sequence} from {used.Source}" : "; no anchor";
        var counts = $"{result.Checked} entries (#{result.FirstSequence}..#{result.LastSequence}), {result.TreeHeads} signed tree heads, {result.Cases} cases, {result.Decisions} decisions checked, {result.Unsealed} entries waiting to be sealed{against}";
        Console.WriteLine(result.Intact
            ? $"Audit trail intact: {counts}. Anchor for a later check: --anchor {result.LastSequence}:{result.LastHash ?? "-"}"
            : $"Audit trail NOT intact: {result.Problems.Count} problem(s); {counts}.");
        foreach (var p in result.Problems) Console.WriteLine($"  {p.Kind.ToString().ToLowerInvariant()}: {p.Message}");
        return result.Intact ? 0 : 1;
    }
}
