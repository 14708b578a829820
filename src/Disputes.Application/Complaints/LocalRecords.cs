using Disputes.Application.Ports;

namespace Disputes.Application.Complaints;

public sealed record LedgerEntry(string IdempotencyKey, string Kind, Guid InstanceId, string Payload, DateTimeOffset AppliedAt, int Deliveries);

public sealed record MailboxEntry(Guid Id, string RecipientId, string Email, string Language, string Subject, string Body, string Template, Guid? ComplaintId, DateTimeOffset SentAt);

/// <summary>What the embedded default's local marketplace and mailbox recorded.</summary>
public interface ILocalRecords
{
    Task<Page<LedgerEntry>> LedgerAsync(string? complaintId, string? kind, int page, int pageSize, CancellationToken cancellationToken);
    Task<Page<MailboxEntry>> MailboxAsync(string? recipientId, Guid? complaintId, int page, int pageSize, CancellationToken cancellationToken);
}
