using System.Globalization;
using Disputes.Application.Security;
using Disputes.Application.Workflows;
using Disputes.Web.Infrastructure;
using Disputes.Workflows.Runtime;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Endpoints;

/// <summary>
/// <c>POST /api/workflow-migrations</c>: <c>apply</c> false plans (dry run), true moves; <c>mappings</c> maps old
/// activity ids to new ones; <c>instanceIds</c> narrows the move to those instances (the others stay).
/// </summary>
public sealed record WorkflowMigrationBody(
    string? DefinitionId,
    int? FromVersion,
    int? ToVersion,
    Dictionary<string, string>? Mappings,
    List<Guid>? InstanceIds,
    bool Apply = false);

/// <summary>Moving running workflow instances to a new definition version: the operator endpoint and the command.</summary>
public static class MigrationEndpoints
{
    public static void MapMigrationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/workflow-migrations", async ([FromBody] WorkflowMigrationBody body, ICurrentUser user, IMediator m, CancellationToken ct) =>
            {
                var request = new WorkflowMigrationRequest(body.DefinitionId ?? "", body.FromVersion ?? 0, body.ToVersion ?? 0, body.Mappings, body.InstanceIds);
                return Results.Ok(body.Apply
                    ? await m.Send(new ApplyWorkflowMigration(request, user.Id), ct)
                    : await m.Send(new PlanWorkflowMigration(request), ct));
            })
            .RequireRoles(Roles.Admin).WithTags("Workflow runtime (operators)")
            .WithSummary("Move open instances to another version of their definition: plan (apply=false) or move each in its own transaction (apply=true)");
    }

    public const string Usage =
        "Usage: workflows migrate --definition <id> --from <version> --to <version> [--map old=new]... [--instance <id>]... [--apply]";

    /// <summary>
    /// <c>Disputes.Web workflows migrate --definition complaint-resolution --from 1 --to 2 [--map old=new]... [--instance id]... [--apply]</c>:
    /// prints one line per instance (id, case number, movable or why not). Exit code 0; 1 when <c>--apply</c> left
    /// instances that could not move; 2 for a wrong command or request.
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        WorkflowMigrationRequest request;
        bool apply;
        try
        {
            (request, apply) = ParseCommand(args);
        }
        catch (FormatException ex)
        {
            await output.WriteLineAsync(ex.Message);
            await output.WriteLineAsync(Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        WorkflowMigrationReport report;
        try
        {
            report = apply
                ? await mediator.Send(new ApplyWorkflowMigration(request, "cli:" + Environment.UserName))
                : await mediator.Send(new PlanWorkflowMigration(request));
        }
        catch (Exception ex) when (ex is InvalidMigrationException or DefinitionNotFoundException)
        {
            await output.WriteLineAsync(ex.Message);
            return 2;
        }

        var mappings = report.Mappings.Count == 0 ? "no mappings" : string.Join(", ", report.Mappings.Select(p => $"{p.Key}={p.Value}"));
        var counts = apply ? $"{report.Moved} moved, {report.Refused} could not move" : $"{report.Movable} can move, {report.Refused} cannot";
        await output.WriteLineAsync($"{report.DefinitionId} v{report.FromVersion} -> v{report.ToVersion} ({mappings}): {counts} of {report.Instances.Count} open instance(s).");
        foreach (var line in report.Instances)
        {
            var state = line.Moved ? "moved" : line.CanMove && !apply ? "can move" : "cannot move: " + string.Join(" ", line.Problems.Select(p => p.Message));
            var where = string.Join(", ", line.Tokens.Select(t => t.From == t.To ? t.From : $"{t.From} -> {t.To}"));
            await output.WriteLineAsync($"{line.InstanceId}  {line.CaseNumber ?? "-"}  [{where}]  {state}");
        }
        return apply && report.Refused > 0 ? 1 : 0;
    }

    /// <summary>The command's options; a missing or malformed one is a <see cref="FormatException"/>.</summary>
    public static (WorkflowMigrationRequest Request, bool Apply) ParseCommand(string[] args)
    {
        if (args.Length < 2 || args[0] != "workflows" || args[1] != "migrate") throw new FormatException("Unknown command.");
        string? definition = null;
        int? from = null, to = null;
        var maps = new List<string>();
        var instances = new List<Guid>();
        var apply = false;
        for (var i = 2; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            int Version(string option) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new FormatException($"{option} needs a version number (1 or more).");
            switch (args[i])
            {
                case "--definition": definition = Value(); break;
                case "--from": from = Version("--from"); break;
                case "--to": to = Version("--to"); break;
                case "--map": maps.Add(Value()); break;
                case "--instance":
                    instances.Add(Guid.TryParse(Value(), out var id) ? id : throw new FormatException($"'{args[i]}' is not an instance id."));
                    break;
                case "--apply": apply = true; break;
                default:
                    // Host options (--environment, --urls, ...) take a value; anything else is a mistake.
                    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) { i++; break; }
                    throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }
        if (definition is null || from is null || to is null) throw new FormatException("--definition, --from and --to are required.");
        ActivityMapping mapping;
        try
        {
            mapping = ActivityMapping.Parse(maps);
        }
        catch (InvalidMigrationException ex)
        {
            throw new FormatException(ex.Message);
        }
        return (new WorkflowMigrationRequest(definition, from.Value, to.Value, mapping.Pairs, instances.Count == 0 ? null : instances), apply);
    }
}
