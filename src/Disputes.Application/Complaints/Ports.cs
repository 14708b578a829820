using Disputes.Application.Ports;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Review;

namespace Disputes.Application.Complaints;

/// <summary>The marketplace's orders and accounts: a local file in the embedded default, HTTP in production.</summary>
public interface IMarketplace
{
    Task<Order?> FindOrderAsync(string orderId, CancellationToken cancellationToken);
    Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Order>> OrdersOfAsync(string accountId, CancellationToken cancellationToken);
}

public sealed record ComplaintFilter(string? PartyId, ComplaintStatus? Status, string? Category, string? OrderId, int Page, int PageSize);

/// <summary>Complaints as stored. Loaded complaints are tracked: <see cref="SaveChangesAsync"/> writes their changes, guarded by their version.</summary>
public interface IComplaintRepository
{
    Task<Complaint?> FindAsync(Guid id, CancellationToken cancellationToken);
    /// <summary>
    /// The case as this unit of work read or saved it in the transaction still open, without reading it again; null
    /// otherwise. (The transition that follows checks the case's version, so a change made meanwhile still fails it.)
    /// </summary>
    Complaint? ReadInThisTransaction(Guid id);
    Task<Complaint?> FindOpenRepeatAsync(string orderId, ComplaintCategory category, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken);
    void Add(Complaint complaint);
    Task<Page<Complaint>> ListAsync(ComplaintFilter filter, CancellationToken cancellationToken);
    Task<IReadOnlyList<Complaint>> FindManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
    /// <summary>Writes tracked changes; a complaint changed since it was loaded gives <see cref="StaleCaseException"/>.</summary>
    Task SaveChangesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ConflictDeclaration>> ConflictsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken);
    Task<IReadOnlyList<ConflictDeclaration>> ConflictsOfAsync(string reviewerId, CancellationToken cancellationToken);
    Task AddConflictAsync(ConflictDeclaration conflict, CancellationToken cancellationToken);

    Task AddEvidenceContentAsync(Guid evidenceId, Guid complaintId, byte[] content, CancellationToken cancellationToken);
    Task<byte[]?> EvidenceContentAsync(Guid complaintId, Guid evidenceId, CancellationToken cancellationToken);
}


/// <summary>An open human task of a case: a bookmark waiting for a person.</summary>
public sealed record CaseTask(Guid BookmarkId, Guid InstanceId, string? ComplaintId, string ActivityId, string Role, string? Assignee, DateTimeOffset? DueAt, DateTimeOffset CreatedAt)
{
    /// <summary>Since when the assignee holds it.</summary>
    public DateTimeOffset? AssignedAt { get; init; }
}

/// <summary>Filters of a lead's team view: one holder, nobody (<see cref="UnassignedOnly"/>), one role, one step.</summary>
public sealed record TeamViewQuery(string? Holder, bool UnassignedOnly, string? Role, string? Step, int Page, int PageSize);

public enum QueueKind { Mine, Unassigned, BreachingSoon, Breached }

public sealed record QueueQuery(QueueKind Kind, string UserId, IReadOnlyCollection<string> Roles, DateTimeOffset Now, TimeSpan BreachingWithin, int Page, int PageSize);

/// <summary>Open tasks (bookmarks with a role) and their assignment. Every lookup is an index seek.</summary>
public interface ITaskBoard
{
    Task<IReadOnlyList<CaseTask>> OpenTasksAsync(Guid complaintId, CancellationToken cancellationToken);
    /// <summary>Whether the person held a task of the case at some time (open or closed).</summary>
    Task<bool> EverHeldAsync(Guid complaintId, string personId, CancellationToken cancellationToken);
    Task<IReadOnlyList<CaseTask>> UnassignedStaffTasksAsync(IReadOnlyCollection<string> roles, int max, CancellationToken cancellationToken);
    /// <summary>Sets the assignee (held since <paramref name="at"/>) when it is still <paramref name="expected"/> and the task still open; false otherwise.</summary>
    Task<bool> AssignAsync(Guid bookmarkId, string? expected, string? assignee, DateTimeOffset at, CancellationToken cancellationToken);
    /// <summary>One task, open or done (null when unknown).</summary>
    Task<CaseTask?> FindTaskAsync(Guid bookmarkId, CancellationToken cancellationToken);
    /// <summary>Every open staff task with its holder, by holder and since when, paged; exact total.</summary>
    Task<Page<CaseTask>> TeamViewAsync(IReadOnlyCollection<string> staffRoles, TeamViewQuery query, CancellationToken cancellationToken);
    Task<Page<CaseTask>> QueueAsync(QueueQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// Per-person counters of open assigned tasks, kept exact by the database itself whenever a task opens, closes or
/// changes holder, whoever changes it. Assignment reads them instead of recounting tasks.
/// </summary>
public interface IStaffLoads
{
    /// <summary>
    /// Picks the least-loaded of <paramref name="eligible"/> (ties: the smallest id) and reserves that person's
    /// counter until the current transaction ends, so that concurrent choices never pick on a stale count and never
    /// load one person more than one task above the least-loaded. The task given to them must be written in the
    /// same transaction (its counter then moves by one). <paramref name="closing"/> are the tasks the same
    /// transaction closes: the counters of the staff who hold them are reserved first, in a fixed order, so that two
    /// transactions do not wait on each other's counters crosswise. Null when nobody is eligible.
    /// </summary>
    Task<Candidate?> ReserveLeastLoadedAsync(IReadOnlyCollection<string> eligible, IReadOnlyCollection<Guid> closing, CancellationToken cancellationToken);
}

public sealed record OutgoingNotification(string RecipientId, string Email, string Language, string Subject, string Body, string Template, Guid? ComplaintId, string IdempotencyKey);

/// <summary>Delivers a notification. The local mailbox keeps it (once per idempotency key); SMTP sends it.</summary>
public interface INotificationSender
{
    Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers the mails of one message, each once per idempotency key. A sender that can keeps them in one write
    /// (the local mailbox); any other sends them one after another.
    /// </summary>
    async Task SendAllAsync(IReadOnlyList<OutgoingNotification> notifications, CancellationToken cancellationToken)
    {
        foreach (var notification in notifications) await SendAsync(notification, cancellationToken);
    }
}

public sealed class StaleCaseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another open case with the same repeat key was saved first; the filing is retried as a repeat.</summary>
public sealed class DuplicateOpenCaseException(string message, Exception? inner = null) : Exception(message, inner);
