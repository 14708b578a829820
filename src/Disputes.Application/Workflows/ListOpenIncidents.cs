using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Workflows;

/// <summary>Every unresolved incident, of every instance, oldest first: the operator's list of what needs a retry.</summary>
public sealed record ListOpenIncidents(int Page = 1, int PageSize = 50) : IQuery<Page<OpenIncident>>;

public sealed class ListOpenIncidentsHandler(IWorkflowReadModel readModel) : IQueryHandler<ListOpenIncidents, Page<OpenIncident>>
{
    public async ValueTask<Page<OpenIncident>> Handle(ListOpenIncidents query, CancellationToken cancellationToken) =>
        await readModel.OpenIncidentsAsync(Math.Max(1, query.Page), Math.Clamp(query.PageSize, 1, 200), cancellationToken);
}
