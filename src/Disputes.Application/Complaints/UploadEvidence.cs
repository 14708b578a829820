using System.Security.Cryptography;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>A party attaches an evidence file, within the configured size and type limits.</summary>
public sealed record UploadEvidence(Guid Id, string FileName, string ContentType, byte[] Content) : ICommand<EvidenceView>;

public sealed class UploadEvidenceHandler(CaseSteps steps, IComplaintRepository complaints, IOptions<ComplaintOptions> options) : ICommandHandler<UploadEvidence, EvidenceView>
{
    public async ValueTask<EvidenceView> Handle(UploadEvidence command, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var errors = new RuleErrors();
        if (command.Content.Length == 0) errors.Add("file", "The file is empty.");
        if (command.Content.Length > limits.EvidenceMaxBytes) errors.Add("file", $"The file is {command.Content.Length:N0} bytes; the limit is {limits.EvidenceMaxBytes:N0} bytes.");
        if (!limits.EvidenceContentTypes.Contains(command.ContentType)) errors.Add("file", $"Type '{command.ContentType}' is not accepted; use one of: {string.Join(", ", limits.EvidenceContentTypes)}.");
        else if (command.Content.Length > 0 && !EvidenceSignature.Matches(command.ContentType, command.Content))
            errors.Add("file", $"The file's content is not {command.ContentType}; send the file as it is, with its real type.");
        var name = Path.GetFileName(command.FileName ?? "");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) errors.Add("file", "The file needs a name of at most 200 characters.");
        DomainRuleException.ThrowIfAny("The evidence file was refused.", errors);

        await using var transaction = await steps.BeginAsync(cancellationToken);
        var (complaint, tasks) = await steps.LoadAsync(command.Id, null, cancellationToken);
        await steps.RequireAsync(complaint, tasks, CaseAction.UploadEvidence, cancellationToken);
        var file = new EvidenceFile(Guid.CreateVersion7(steps.Now), name, command.ContentType, command.Content.Length, steps.User.Id, steps.Now, Convert.ToHexString(SHA256.HashData(command.Content)));
        complaint.AttachEvidence(file, steps.Now);
        await complaints.AddEvidenceContentAsync(file.Id, complaint.Id, command.Content, cancellationToken);
        await complaints.SaveChangesAsync(cancellationToken);
        await steps.CommitAsync(cancellationToken);
        return new EvidenceView(file.Id, file.FileName, file.ContentType, file.Size, file.UploadedBy, file.UploadedAt, file.Sha256);
    }
}
