using Mediator;

namespace Disputes.Application.Complaints;

public sealed record EvidenceContent(string FileName, string ContentType, byte[] Content);

/// <summary>Downloads an evidence file of a case the caller may see.</summary>
public sealed record GetEvidence(Guid Id, Guid EvidenceId) : IQuery<EvidenceContent>;

public sealed class GetEvidenceHandler(CaseSteps steps, IComplaintRepository complaints) : IQueryHandler<GetEvidence, EvidenceContent>
{
    public async ValueTask<EvidenceContent> Handle(GetEvidence query, CancellationToken cancellationToken)
    {
        var (complaint, _) = await steps.LoadAsync(query.Id, null, cancellationToken);
        var file = complaint.Evidence.FirstOrDefault(e => e.Id == query.EvidenceId) ?? throw new CaseNotFoundException(query.EvidenceId);
        var content = await complaints.EvidenceContentAsync(complaint.Id, file.Id, cancellationToken) ?? throw new CaseNotFoundException(query.EvidenceId);
        return new EvidenceContent(file.FileName, file.ContentType, content);
    }
}
