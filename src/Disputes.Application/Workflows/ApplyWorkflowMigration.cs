using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Compliance.Audit;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>
/// Moves each open instance that can move to the new version, each in its own transaction with its audit entry
/// (<c>workflow.migrated</c>, by <paramref name="Actor"/>). Instances that cannot move are reported and left untouched;
/// instances not named stay on their version.
/// </summary>
public sealed record ApplyWorkflowMigration(WorkflowMigrationRequest Request, string Actor) : ICommand<WorkflowMigrationReport>;

public sealed class ApplyWorkflowMigrationHandler(WorkflowMigrationScope scope, WorkflowRuntime runtime, IUnitOfWork unitOfWork, IAuditTrail audit)
    : ICommandHandler<ApplyWorkflowMigration, WorkflowMigrationReport>
{
    public const string AuditAction = "workflow.migrated";

    public async ValueTask<WorkflowMigrationReport> Handle(ApplyWorkflowMigration command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var mapping = scope.Check(request);
        var lines = new List<InstanceMigrationLine>();
        foreach (var target in await scope.InstancesAsync(request, cancellationToken))
            lines.Add(await MoveAsync(target, request, mapping, command.Actor, cancellationToken));
        return WorkflowMigrationReport.Of(request, mapping, applied: true, lines);
    }

    private async Task<InstanceMigrationLine> MoveAsync(WorkflowMigrationScope.Target target, WorkflowMigrationRequest request, ActivityMapping mapping, string actor, CancellationToken cancellationToken)
    {
        if (target.NotOpen is not null) return WorkflowMigrationScope.NotOpenLine(target);
        // One transaction per instance: its plan is read in it, and the move and its audit entry commit together or not at all.
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var plan = await runtime.PlanMigrationAsync(target.InstanceId, request.ToVersion, mapping, cancellationToken);
        if (!plan.CanMove) return WorkflowMigrationScope.Line(target, plan, moved: false);

        audit.Append(new AuditEvent(AuditAction, target.CaseId, new JsonObject
        {
            ["instanceId"] = target.InstanceId.ToString(),
            ["definitionId"] = request.DefinitionId,
            ["fromVersion"] = request.FromVersion,
            ["toVersion"] = request.ToVersion,
            ["activities"] = new JsonArray(plan.Tokens.Select(t => (JsonNode?)new JsonObject { ["from"] = t.From, ["to"] = t.To }).ToArray()),
        }, Actor: actor));
        try
        {
            await audit.SaveAsync(cancellationToken); // the audit chain's lock before the instance's row, as every case step takes them
            var result = await runtime.MigrateAsync(target.InstanceId, request.ToVersion, mapping, actor, cancellationToken);
            if (!result.Moved)
            {
                audit.DiscardPending();
                return WorkflowMigrationScope.Line(target, result.Plan, moved: false); // changed meanwhile; the transaction rolls back
            }
            await unitOfWork.CommitAsync(cancellationToken);
            return WorkflowMigrationScope.Line(target, result.Plan, moved: true);
        }
        catch (WorkflowConflictException ex)
        {
            audit.DiscardPending();
            return WorkflowMigrationScope.Line(target, plan with
            {
                Problems = [new MigrationProblem(MigrationProblemKind.Inconsistent, null, "The instance changed while it was being moved; plan again. " + ex.Message)],
            }, moved: false);
        }
    }
}
