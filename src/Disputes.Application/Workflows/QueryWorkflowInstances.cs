using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Workflows;

public sealed record QueryWorkflowInstances(InstanceQuery Query) : IQuery<Page<InstanceSummary>>;

public sealed class QueryWorkflowInstancesHandler(IWorkflowReadModel readModel) : IQueryHandler<QueryWorkflowInstances, Page<InstanceSummary>>
{
    public const int MaxPageSize = 200;

    public async ValueTask<Page<InstanceSummary>> Handle(QueryWorkflowInstances query, CancellationToken cancellationToken)
    {
        var q = query.Query;
        if (q.Page < 1) throw new ArgumentOutOfRangeException(nameof(query), "page starts at 1");
        if (q.PageSize is < 1 or > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(query), $"pageSize must be between 1 and {MaxPageSize}");
        return await readModel.QueryInstancesAsync(q, cancellationToken);
    }
}
