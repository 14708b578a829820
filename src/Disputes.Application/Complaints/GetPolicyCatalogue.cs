using Disputes.Application.Reference;
using Disputes.Domain.Outcomes;
using Mediator;

namespace Disputes.Application.Complaints;

public sealed record ClauseView(string Id, string Title, string Text, IReadOnlyList<string> Outcomes);

public sealed record PolicyCatalogueView(string Version, IReadOnlyList<ClauseView> Clauses);

/// <summary>The policy clauses decisions cite, with the outcomes each can ground.</summary>
public sealed record GetPolicyCatalogue : IQuery<PolicyCatalogueView>;

public sealed class GetPolicyCatalogueHandler(ReferenceData reference) : IQueryHandler<GetPolicyCatalogue, PolicyCatalogueView>
{
    public ValueTask<PolicyCatalogueView> Handle(GetPolicyCatalogue query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new PolicyCatalogueView(reference.Policies.Version,
            reference.Policies.Clauses.Select(c => new ClauseView(c.Id, c.Title, c.Text, c.Outcomes.Select(o => o.Name()).ToList())).ToList()));
}
