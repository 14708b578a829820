using Disputes.Application.Ports;
using Disputes.Workflows.Runtime;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>One instance with its journal, bookmarks, timers, incidents and outbox.</summary>
public sealed record GetWorkflowInstance(Guid InstanceId) : IQuery<InstanceDetails>;

public sealed class GetWorkflowInstanceHandler(IWorkflowReadModel readModel) : IQueryHandler<GetWorkflowInstance, InstanceDetails>
{
    public async ValueTask<InstanceDetails> Handle(GetWorkflowInstance query, CancellationToken cancellationToken) =>
        await readModel.GetInstanceAsync(query.InstanceId, cancellationToken) ?? throw new InstanceNotFoundException(query.InstanceId);
}
