using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Compliance.Statements;

/// <summary>What the local sink accepted, newest first.</summary>
public sealed record ListLocalDsaStatements(int Page, int PageSize) : IQuery<Page<LocalDsaStatement>>;

public sealed class ListLocalDsaStatementsHandler(ILocalDsaSink sink) : IQueryHandler<ListLocalDsaStatements, Page<LocalDsaStatement>>
{
    public async ValueTask<Page<LocalDsaStatement>> Handle(ListLocalDsaStatements query, CancellationToken cancellationToken) =>
        await sink.ListAsync(query.Page, query.PageSize, cancellationToken);
}
