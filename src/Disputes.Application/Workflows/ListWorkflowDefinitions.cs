using Disputes.Workflows.Definitions;
using Mediator;

namespace Disputes.Application.Workflows;

public sealed record ListWorkflowDefinitions : IQuery<IReadOnlyList<DefinitionSummary>>;

public sealed record DefinitionSummary(string Id, string Name, int LatestVersion, IReadOnlyList<DefinitionVersionSummary> Versions);

public sealed record DefinitionVersionSummary(int Version, string Source, string ContentHash, int Activities);

public sealed class ListWorkflowDefinitionsHandler(WorkflowDefinitionCatalog catalog) : IQueryHandler<ListWorkflowDefinitions, IReadOnlyList<DefinitionSummary>>
{
    public ValueTask<IReadOnlyList<DefinitionSummary>> Handle(ListWorkflowDefinitions query, CancellationToken cancellationToken)
    {
        IReadOnlyList<DefinitionSummary> result = catalog.All
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(d => d.Version)!;
                return new DefinitionSummary(g.Key, latest.Name, latest.Version,
                    g.OrderBy(d => d.Version).Select(d => new DefinitionVersionSummary(d.Version, d.Source, d.ContentHash, d.Activities.Count)).ToList());
            })
            .ToList();
        return ValueTask.FromResult(result);
    }
}
