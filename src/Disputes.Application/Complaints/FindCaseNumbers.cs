using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// The case numbers of the cases behind workflow instances (a complaint's instance is correlated by the case id), so an
/// operator sees "C-1A2B3C4D" beside an instance instead of an internal id. Ids that are no case are left out.
/// </summary>
public sealed record FindCaseNumbers(IReadOnlyCollection<string> CorrelationIds) : IQuery<IReadOnlyDictionary<string, CaseReference>>;

public sealed record CaseReference(Guid Id, string Number);

public sealed class FindCaseNumbersHandler(IComplaintRepository complaints) : IQueryHandler<FindCaseNumbers, IReadOnlyDictionary<string, CaseReference>>
{
    public async ValueTask<IReadOnlyDictionary<string, CaseReference>> Handle(FindCaseNumbers query, CancellationToken cancellationToken)
    {
        var ids = query.CorrelationIds.Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<string, CaseReference>();
        var found = await complaints.FindManyAsync(ids, cancellationToken);
        return found.ToDictionary(c => c.Id.ToString(), c => new CaseReference(c.Id, c.Number));
    }
}
