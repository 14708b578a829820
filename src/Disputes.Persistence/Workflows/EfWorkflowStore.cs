using System.Linq.Expressions;
using Disputes.Persistence.Rows;
using Disputes.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Disputes.Persistence.Workflows;

/// <summary>
/// The workflow store on EF Core. A commit is one <c>SaveChanges</c>, which EF runs in one database transaction:
/// the instance update is guarded by its version, a consumed bookmark by <c>consumed_at IS NULL</c>, a removed
/// timer by its existence, so of two racing transitions exactly one commits.
/// </summary>
/// <remarks>
/// On PostgreSQL the reads of a transition and its writes share one database transaction, so a transition costs
/// exactly one commit (reads outside a transaction would each commit on their own). SQLite keeps reads outside:
/// upgrading a read transaction to a write one there fails at once instead of waiting.
/// A transition that only inserts (a start) and read nothing is sent on PostgreSQL as one batch without BEGIN and
/// COMMIT: the statements of one batch (one Sync of the extended protocol) run as one implicit transaction, which
/// commits when the batch succeeds and is rolled back whole when a statement fails. One round trip instead of two.
/// </remarks>
public sealed class EfWorkflowStore(DisputesDbContext db) : IWorkflowStore
{
    private IDbContextTransaction? transaction;

    /// <summary>
    /// A caller's own transaction (a use case that changes its own rows together with a transition) is joined,
    /// never committed or rolled back here: the caller commits both, or neither.
    /// </summary>
    private bool InCallerTransaction => transaction is null && db.Database.CurrentTransaction is not null;

    /// <summary>Far below the provider's batch limit (1,000 commands), so that the whole change is one batch.</summary>
    private const int MaxRowsForImplicitTransaction = 100;

    /// <summary>
    /// True when every row of the change is an INSERT that nothing else guards (no version, no consumed bookmark,
    /// no removed timer), so a failure can only be a database error, which aborts the implicit transaction.
    /// </summary>
    private bool InsertsOnlyInOneBatch(TransitionChanges changes) =>
        transaction is null && db.Database.CurrentTransaction is null && db.IsPostgres
        && changes.ExpectedVersion is null && changes.ConsumedBookmarks.Count == 0 && changes.RemovedTimerIds.Count == 0
        && changes.ResolvedIncidents.Count == 0
        && 1 + changes.AddedBookmarks.Count + changes.AddedTimers.Count + changes.Journal.Count + changes.Outbox.Count
            + changes.NewIncidents.Count + (changes.Idempotency is null ? 0 : 1) <= MaxRowsForImplicitTransaction;

    /// <summary>Takes over a transaction begun for this transition (<see cref="DisputesDbContext.TransactionForTransition"/>).</summary>
    private void AdoptTransactionForTransition()
    {
        if (db.TransactionForTransition is not { } begun) return;
        db.TransactionForTransition = null;
        if (transaction is null && ReferenceEquals(db.Database.CurrentTransaction, begun)) transaction = begun;
    }

    private async Task JoinTransactionAsync(CancellationToken cancellationToken)
    {
        AdoptTransactionForTransition();
        if (transaction is null && !InCallerTransaction && db.IsPostgres)
            transaction = await db.Database.BeginTransactionAsync(cancellationToken);
    }

    private async Task EndTransactionAsync(bool commit)
    {
        if (transaction is null) return;
        try
        {
            if (commit) await transaction.CommitAsync();
            else await transaction.RollbackAsync();
        }
        finally
        {
            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    /// <summary>
    /// The instance row read in the same statement as the bookmark or timer that leads to it: a resume or a timer
    /// reads the instance next, and gets it from here instead of a second round trip. Used once, and dropped at commit.
    /// </summary>
    private InstanceRow? prefetched;

    private sealed class WithInstance<TRow>
    {
        public required TRow Row { get; init; }
        public InstanceRow? Instance { get; init; }
    }

    private IQueryable<WithInstance<TRow>> WithItsInstance<TRow>(IQueryable<TRow> rows, Expression<Func<TRow, Guid>> instanceId) =>
        rows.LeftJoin(db.Instances.AsNoTracking(), instanceId, i => i.Id, (r, i) => new WithInstance<TRow> { Row = r, Instance = i });

    public async Task<WorkflowInstance?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await JoinTransactionAsync(cancellationToken);
        if (prefetched is { } row && row.Id == instanceId)
        {
            prefetched = null;
            return row.ToModel();
        }
        return (await InstanceById.For(db)(db, instanceId, cancellationToken))?.ToModel();
    }

    // Compiled once: a transition reads these on every resume, and EF would otherwise walk and hash each query's
    // expression tree on every call to find its cached plan.
    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, CancellationToken, Task<InstanceRow?>>> InstanceById =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid id, CancellationToken _) => db.Instances.AsNoTracking().FirstOrDefault(i => i.Id == id)));

    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, CancellationToken, Task<WithInstance<BookmarkRow>?>>> BookmarkWithItsInstance =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid id, CancellationToken _) => db.Bookmarks.AsNoTracking().Where(b => b.Id == id)
            .LeftJoin(db.Instances.AsNoTracking(), b => b.InstanceId, i => i.Id, (r, i) => new WithInstance<BookmarkRow> { Row = r, Instance = i })
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, CancellationToken, Task<WithInstance<TimerRow>?>>> TimerWithItsInstance =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid id, CancellationToken _) => db.Timers.AsNoTracking().Where(t => t.Id == id)
            .LeftJoin(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (r, i) => new WithInstance<TimerRow> { Row = r, Instance = i })
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<DisputesDbContext, string, CancellationToken, Task<IdempotencyRow?>>> IdempotencyRecordByKey =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, string key, CancellationToken _) => db.IdempotencyKeys.AsNoTracking().FirstOrDefault(k => k.Key == key)));

    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, CancellationToken, Task<Disputes.Domain.Complaints.Complaint?>>> CaseById =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid id, CancellationToken _) => db.Complaints.FirstOrDefault(c => c.Id == id)));

    public async Task<Bookmark?> FindBookmarkAsync(Guid bookmarkId, CancellationToken cancellationToken)
    {
        await JoinTransactionAsync(cancellationToken);
        var hit = await BookmarkWithItsInstance.For(db)(db, bookmarkId, cancellationToken);
        prefetched = hit?.Instance;
        return hit?.Row.ToModel();
    }

    public async Task<IReadOnlyList<Bookmark>> FindOpenBookmarksAsync(Guid? instanceId, string? correlationId, string name, CancellationToken cancellationToken)
    {
        await JoinTransactionAsync(cancellationToken);
        var query = Filter(instanceId, correlationId, name).Where(b => b.ConsumedAt == null);
        var hits = await WithItsInstance(query.Take(20), b => b.InstanceId).ToListAsync(cancellationToken);
        prefetched = hits.Count == 1 ? hits[0].Instance : null;
        return hits.Select(b => b.Row.ToModel()).ToList();
    }

    public async Task<Bookmark?> FindConsumedBookmarkAsync(Guid? instanceId, string? correlationId, string name, CancellationToken cancellationToken)
    {
        var rows = await Filter(instanceId, correlationId, name).Where(b => b.ConsumedAt != null).Take(50).ToListAsync(cancellationToken);
        return rows.OrderByDescending(b => b.ConsumedAt).FirstOrDefault()?.ToModel();
    }

    private IQueryable<BookmarkRow> Filter(Guid? instanceId, string? correlationId, string name) =>
        instanceId is { } id
            ? db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id && b.Name == name)
            : db.Bookmarks.AsNoTracking().Where(b => b.CorrelationId == correlationId && b.Name == name);

    public async Task<WorkflowTimer?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken)
    {
        await JoinTransactionAsync(cancellationToken);
        var hit = await TimerWithItsInstance.For(db)(db, timerId, cancellationToken);
        prefetched = hit?.Instance;
        return hit?.Row.ToModel();
    }

    public async Task<Incident?> FindIncidentAsync(Guid incidentId, CancellationToken cancellationToken) =>
        (await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken))?.ToModel();

    public async Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string key, CancellationToken cancellationToken)
    {
        await JoinTransactionAsync(cancellationToken);
        var row = await IdempotencyRecordByKey.For(db)(db, key, cancellationToken);
        return row is null ? null : new IdempotencyRecord(row.Key, row.RequestHash, row.InstanceId, row.Response, row.CreatedAt);
    }

    public async Task CommitAsync(TransitionChanges changes, CancellationToken cancellationToken)
    {
        prefetched = null;
        AdoptTransactionForTransition();
        var instance = changes.Instance.ToRow();
        if (changes.ExpectedVersion is null)
        {
            db.Instances.Add(instance);
        }
        else
        {
            // Only what a transition changes: the identity and definition columns never change after the start.
            var entry = db.Instances.Attach(instance);
            entry.Property(x => x.Status).IsModified = true;
            entry.Property(x => x.State).IsModified = true;
            entry.Property(x => x.Version).IsModified = true;
            entry.Property(x => x.JournalSequence).IsModified = true;
            entry.Property(x => x.UpdatedAt).IsModified = true;
            entry.Property(x => x.FinishedAt).IsModified = true;
            entry.Property(x => x.Version).OriginalValue = changes.ExpectedVersion.Value;
            // A migration is the one transition that moves an instance to another version of its definition.
            if (changes.Migration is not null) entry.Property(x => x.DefinitionVersion).IsModified = true;
        }

        if (changes.Migration is { } migration)
        {
            // Renamed in place, so task ids, assignees and due dates stay; a bookmark consumed or a timer fired
            // meanwhile updates no row, and the commit fails as a conflict (the instance version catches it too).
            foreach (var moved in migration.Bookmarks)
            {
                var entry = db.Bookmarks.Attach(new BookmarkRow { Id = moved.BookmarkId, ConsumedAt = null });
                entry.Property(x => x.ActivityId).CurrentValue = moved.ToActivityId;
                entry.Property(x => x.Name).CurrentValue = moved.ToName;
                entry.Property(x => x.ActivityId).IsModified = true;
                entry.Property(x => x.Name).IsModified = true;
            }
            foreach (var moved in migration.Timers)
            {
                var entry = db.Timers.Attach(new TimerRow { Id = moved.TimerId });
                entry.Property(x => x.ActivityId).CurrentValue = moved.ToActivityId;
                entry.Property(x => x.ActivityId).IsModified = true;
            }
        }

        db.Bookmarks.AddRange(changes.AddedBookmarks.Select(b => b.ToRow()));
        foreach (var consumed in changes.ConsumedBookmarks)
        {
            var entry = db.Bookmarks.Attach(new BookmarkRow { Id = consumed.Id, ConsumedAt = null });
            entry.Property(x => x.ConsumedAt).CurrentValue = consumed.At;
            entry.Property(x => x.ConsumedBy).CurrentValue = consumed.By.Length > 300 ? consumed.By[..300] : consumed.By;
            entry.Property(x => x.ConsumedAt).IsModified = true;
            entry.Property(x => x.ConsumedBy).IsModified = true;
        }

        db.Timers.AddRange(changes.AddedTimers.Select(t => t.ToRow()));
        foreach (var id in changes.RemovedTimerIds) db.Timers.Remove(db.Timers.Attach(new TimerRow { Id = id }).Entity);

        db.Journal.AddRange(changes.Journal.Select(j => j.ToRow()));
        db.Outbox.AddRange(changes.Outbox.Select(m => m.ToRow()));
        db.Incidents.AddRange(changes.NewIncidents.Select(i => i.ToRow()));
        foreach (var resolved in changes.ResolvedIncidents)
        {
            var entry = db.Incidents.Attach(new IncidentRow { Id = resolved.Id, ResolvedAt = null });
            entry.Property(x => x.ResolvedAt).CurrentValue = resolved.At;
            entry.Property(x => x.ResolvedBy).CurrentValue = resolved.By;
            entry.Property(x => x.ResolvedAt).IsModified = true;
            entry.Property(x => x.ResolvedBy).IsModified = true;
        }

        if (changes.Idempotency is { } key)
            db.IdempotencyKeys.Add(new IdempotencyRow { Key = key.Key, RequestHash = key.RequestHash, InstanceId = key.InstanceId, Response = key.Response, CreatedAt = key.CreatedAt });

        var loadedCase = await ChangeCaseVersionAsync(changes, cancellationToken);

        var autoTransaction = db.Database.AutoTransactionBehavior;
        if (InsertsOnlyInOneBatch(changes)) db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        var committed = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await EndTransactionAsync(commit: true);
            committed = true;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new WorkflowConflictException(
                $"Instance {changes.Instance.Id} was changed by another transition (a bookmark was consumed, a timer fired or the state moved on); nothing was committed.", ex);
        }
        catch (DbUpdateException ex) when (changes.Idempotency is { } stored && DatabaseErrors.IsUniqueViolation(ex, "wf_idempotency_keys"))
        {
            throw new DuplicateIdempotencyKeyException(stored.Key, ex);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex) && InCallerTransaction)
        {
            // PostgreSQL has aborted the caller's transaction: it cannot be retried inside it.
            throw new WorkflowConflictException(
                $"Instance {changes.Instance.Id} was changed by another transition; nothing was committed.", ex) { Retryable = false };
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // The journal's (instance, sequence) key is a second guard: two transitions from the same version
            // collide there when the database checks it before the version.
            throw new WorkflowConflictException(
                $"Instance {changes.Instance.Id} was changed by another transition; nothing was committed.", ex);
        }
        finally
        {
            if (!committed) await EndTransactionAsync(commit: false);
            db.Database.AutoTransactionBehavior = autoTransaction;
            DetachOwnRows();
            if (loadedCase is not null) db.Entry(loadedCase).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// A transition that opens or closes a step of a case, or ends its workflow, changes the case: its version (the
    /// ETag) moves on in the same SaveChanges, guarded by the version it had, so that a client holding the old ETag
    /// gets 412 and cannot act on a step that a deadline has since moved on. A case use case saves the case itself
    /// in the same transaction (<see cref="DisputesDbContext.CaseSavedInThisTransaction"/>), and its version is not
    /// changed twice. Returns the case when it was loaded here (to forget it after the commit).
    /// </summary>
    private async Task<Disputes.Domain.Complaints.Complaint?> ChangeCaseVersionAsync(TransitionChanges changes, CancellationToken cancellationToken)
    {
        if (changes.ExpectedVersion is null || !Guid.TryParse(changes.Instance.CorrelationId, out var caseId)) return null;
        var changesCase = changes.ConsumedBookmarks.Count > 0 || changes.AddedBookmarks.Count > 0 || changes.Instance.Status != InstanceStatus.Running;
        if (!changesCase || db.CaseSavedInThisTransaction(caseId)) return null;
        var tracked = db.FindTracked<Disputes.Domain.Complaints.Complaint>(c => c.Id == caseId);
        var complaint = tracked ?? await CaseById.For(db)(db, caseId, cancellationToken);
        if (complaint is null) return null; // an instance correlated by a GUID that is not a case
        var entry = db.Entry(complaint);
        if (entry.State != EntityState.Unchanged) return tracked is null ? complaint : null;
        var version = entry.Property(c => c.Version);
        version.CurrentValue = version.OriginalValue + 1;
        return tracked is null ? complaint : null;
    }

    /// <summary>
    /// Forgets the rows this commit attached, so the next transition starts clean. A caller's own tracked rows
    /// (e.g. the case a use case saves in the same transaction) stay tracked for the caller.
    /// </summary>
    private void DetachOwnRows()
    {
        // Without detecting changes first: SaveChanges just did, and a scan of every tracked row here would run it again.
        foreach (var entry in db.TrackedEntries<object>(e => e.Entity is InstanceRow or BookmarkRow or TimerRow or JournalRow or OutboxRow or IncidentRow or IdempotencyRow))
            entry.State = EntityState.Detached;
    }
}
