using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>Dry run: for each open instance, what moving it to the new version would do, or why it cannot. Changes nothing.</summary>
public sealed record PlanWorkflowMigration(WorkflowMigrationRequest Request) : IQuery<WorkflowMigrationReport>;

public sealed class PlanWorkflowMigrationHandler(WorkflowMigrationScope scope, WorkflowRuntime runtime) : IQueryHandler<PlanWorkflowMigration, WorkflowMigrationReport>
{
    public async ValueTask<WorkflowMigrationReport> Handle(PlanWorkflowMigration query, CancellationToken cancellationToken)
    {
        var request = query.Request;
        var mapping = scope.Check(request);
        var lines = new List<InstanceMigrationLine>();
        foreach (var target in await scope.InstancesAsync(request, cancellationToken))
        {
            if (target.NotOpen is not null)
            {
                lines.Add(WorkflowMigrationScope.NotOpenLine(target));
                continue;
            }
            var plan = await runtime.PlanMigrationAsync(target.InstanceId, request.ToVersion, mapping, cancellationToken);
            lines.Add(WorkflowMigrationScope.Line(target, plan, moved: false));
        }
        return WorkflowMigrationReport.Of(request, mapping, applied: false, lines);
    }
}
