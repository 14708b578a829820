using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Review;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Complaints;

public sealed class EfComplaintRepository(DisputesDbContext db, IEnumerable<Disputes.Application.Compliance.ICaseChangeObserver> observers) : IComplaintRepository
{
    /// <summary>
    /// The case, and with it (in the same statement, so from the same snapshot) its open tasks, which the task board
    /// hands out once (<see cref="EfTaskBoard.OpenTasksAsync"/>). Two statements could see the case before a
    /// concurrent action committed and its tasks after: a check of who may act would then see neither the old task
    /// nor the new decision, and answer "not found" instead of "changed since you loaded it".
    /// SQLite needs no such care (a transaction there holds the one write lock from its start, and it cannot run this
    /// statement): it reads the case alone.
    /// </summary>
    public async Task<Complaint?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            var found = await db.Complaints.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (found is not null) db.CaseReadIn(id);
            return found;
        }
        var hit = await CaseWithItsTasks.For(db)(db, id, id.ToString(), cancellationToken);
        if (hit is null) return null;
        db.PrefetchedTasks = (id, hit.Tasks);
        db.CaseReadIn(id);
        return hit.Case;
    }

    private sealed class CaseAndTasks
    {
        public required Complaint Case { get; init; }
        public required List<CaseTask> Tasks { get; init; }
    }

    /// <summary>
    /// Compiled once: every case action and most effects read a case this way, and EF would otherwise walk and hash the
    /// whole expression tree on each call to find its cached plan.
    /// </summary>
    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, string, CancellationToken, Task<CaseAndTasks?>>> CaseWithItsTasks =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid id, string correlation, CancellationToken _) => db.Complaints.Where(c => c.Id == id)
            .Select(c => new CaseAndTasks
            {
                Case = c,
                Tasks = db.Bookmarks.Where(b => b.CorrelationId == correlation && b.ConsumedAt == null && b.Role != null)
                    .Select(b => new CaseTask(b.Id, b.InstanceId, b.CorrelationId, b.ActivityId, b.Role!, b.Assignee, b.DueAt, b.CreatedAt)).ToList(),
            })
            .FirstOrDefault()));

    public Complaint? ReadInThisTransaction(Guid id) =>
        db.CaseReadOrSavedInThisTransaction(id) ? db.FindTracked<Complaint>(c => c.Id == id) : null;

    public async Task<Complaint?> FindOpenRepeatAsync(string orderId, ComplaintCategory category, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        var key = Complaint.RepeatKeyOf(orderId, category, itemIds);
        if (db.IsPostgres && db.Database.CurrentTransaction is not null)
        {
            // Identical filings queue here, one at a time until each one's transaction ends: the first opens the case,
            // the others find it open and attach to it. Without this they all read "no open case", then all but one
            // lose at the unique key or the case's version, and a burst of them could run out of retries.
            // Taken before anything else of the filing, so it cannot take part in a cycle with other locks.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RepeatKeyLockClass}, hashtext({key}))", cancellationToken);
        }
        return await OpenCaseWithRepeatKey.For(db)(db, key, cancellationToken);
    }

    private static readonly CompiledQuery<Func<DisputesDbContext, string, CancellationToken, Task<Complaint?>>> OpenCaseWithRepeatKey =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, string key, CancellationToken _) => db.Complaints
            .Where(c => c.RepeatKey == key && c.Status != ComplaintStatus.Closed && c.Status != ComplaintStatus.Settled)
            .OrderBy(c => c.FiledAt).FirstOrDefault()));

    /// <summary>The first key of the two-key advisory locks on repeat keys ("RK"); one-key locks never collide with them.</summary>
    private const int RepeatKeyLockClass = 0x524B;

    public void Add(Complaint complaint) => db.Complaints.Add(complaint);

    public async Task<Page<Complaint>> ListAsync(ComplaintFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Complaints.AsNoTracking();
        if (filter.PartyId is { } party) query = query.Where(c => c.BuyerId == party || c.SellerId == party);
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (filter.OrderId is { } order) query = query.Where(c => c.OrderId == order);
        if (filter.Category is { } name && Categories.TryParse(name, out var category)) query = query.Where(c => c.Category == category);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.FiledAt).ThenBy(c => c.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToListAsync(cancellationToken);
        return new Page<Complaint>(items, filter.Page, filter.PageSize, total);
    }

    public async Task<IReadOnlyList<Complaint>> FindManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await db.Complaints.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        var changed = db.ChangeTracker.Entries<Complaint>().Where(e => e.State is EntityState.Modified or EntityState.Added).ToList();
        foreach (var entry in changed.Where(e => e.State == EntityState.Modified))
        {
            var version = entry.Property(c => c.Version);
            version.CurrentValue = version.OriginalValue + 1;
        }
        await ProjectDecisionsAsync(changed, cancellationToken);
        await NotifyObserversAsync(changed, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // The workflow transition that usually follows in the same transaction need not change the version again.
            db.CasesSavedIn(changed.Select(e => e.Entity.Id));
        }
        catch (DbUpdateConcurrencyException ex)
        {
            // The transaction is lost: forget everything this attempt tracked (stale cases, projected rows, rows other
            // parts added to this SaveChanges), so that a retry in a new transaction reads afresh and adds nothing twice.
            db.ChangeTracker.Clear();
            throw new StaleCaseException("The case was changed by someone else meanwhile; nothing was saved. Reload it and try again.", ex);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex, "complaints") && changed.Any(e => e.State == EntityState.Added))
        {
            db.ChangeTracker.Clear();
            throw new DuplicateOpenCaseException("An open case for the same order, items and category was filed at the same moment.", ex);
        }
        catch (DbUpdateException ex) when (changed.Any(e => e.State == EntityState.Modified) && (DatabaseErrors.IsUniqueViolation(ex) || DatabaseErrors.IsLostRace(ex)))
        {
            // Two actions on the same case from the same version: the database refused the loser's rows of that case
            // (its decision's key, its statement's puid) before it reached the case's version. The same answer as a
            // stale version: nothing was saved.
            db.ChangeTracker.Clear();
            throw new StaleCaseException("The case was changed by someone else meanwhile; nothing was saved. Reload it and try again.", ex);
        }
    }

    /// <summary>Audit entries and statements of reasons join this SaveChanges.</summary>
    private async Task NotifyObserversAsync(List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Complaint>> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0) return;
        var changes = changed.Select(e => new Disputes.Application.Compliance.CaseChange(e.State == EntityState.Added ? null : new Disputes.Application.Compliance.CaseSnapshot(
            e.Property(c => c.Status).OriginalValue, e.Property(c => c.Messages).OriginalValue, e.Property(c => c.Evidence).OriginalValue,
            e.Property(c => c.Decisions).OriginalValue, e.Property(c => c.Settlement).OriginalValue), e.Entity)).ToList();
        foreach (var observer in observers) await observer.OnSavingAsync(changes, cancellationToken);
    }

    /// <summary>Keeps <c>case_decisions</c> in step with each changed case's decisions, in the same SaveChanges.</summary>
    private async Task ProjectDecisionsAsync(IReadOnlyList<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Complaint>> changed, CancellationToken cancellationToken)
    {
        var withDecisions = changed.Where(e => e.Entity.Decisions.Count > 0 && (e.State == EntityState.Added || e.Property(c => c.Decisions).IsModified)).Select(e => e.Entity).ToList();
        if (withDecisions.Count == 0) return;
        var existing = await DecisionRowsOf.For(db)(db, withDecisions.Select(c => c.Id).ToArray()).ToListAsync(cancellationToken);
        foreach (var complaint in withDecisions)
        {
            foreach (var decision in complaint.Decisions)
            {
                var row = existing.FirstOrDefault(r => r.ComplaintId == complaint.Id && r.Number == decision.Number);
                if (row is null)
                {
                    row = new DecisionRow { ComplaintId = complaint.Id, Number = decision.Number };
                    db.Decisions.Add(row);
                }
                DecisionProjection.Fill(row, complaint, decision);
            }
        }
    }

    private static readonly CompiledQuery<Func<DisputesDbContext, Guid[], IAsyncEnumerable<DecisionRow>>> DecisionRowsOf =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid[] ids) => db.Decisions.Where(d => ids.Contains(d.ComplaintId))));

    /// <summary>
    /// The declared conflicts with these accounts, read once per transaction (a case action asks when it checks who may
    /// act and again when it assigns the step it opens, in the same transaction); outside a transaction, every time.
    /// </summary>
    public async Task<IReadOnlyList<ConflictDeclaration>> ConflictsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.TransactionId;
        if (transaction != conflictsTransaction)
        {
            conflictsRead.Clear();
            conflictsTransaction = transaction;
        }
        var key = string.Join('\n', accountIds.Order(StringComparer.Ordinal));
        if (transaction is not null && conflictsRead.TryGetValue(key, out var known)) return known;
        var read = (await ConflictsWith.For(db)(db, accountIds.ToArray()).ToListAsync(cancellationToken))
            .Select(c => new ConflictDeclaration(c.ReviewerId, c.AccountId, c.Reason, c.DeclaredAt)).ToList();
        if (transaction is not null) conflictsRead[key] = read;
        return read;
    }

    private static readonly CompiledQuery<Func<DisputesDbContext, string[], IAsyncEnumerable<ConflictRow>>> ConflictsWith =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, string[] accountIds) => db.Conflicts.AsNoTracking().Where(c => accountIds.Contains(c.AccountId))));

    private Guid? conflictsTransaction;

    private readonly Dictionary<string, IReadOnlyList<ConflictDeclaration>> conflictsRead = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ConflictDeclaration>> ConflictsOfAsync(string reviewerId, CancellationToken cancellationToken) =>
        (await db.Conflicts.AsNoTracking().Where(c => c.ReviewerId == reviewerId).ToListAsync(cancellationToken))
            .Select(c => new ConflictDeclaration(c.ReviewerId, c.AccountId, c.Reason, c.DeclaredAt)).ToList();

    public async Task AddConflictAsync(ConflictDeclaration conflict, CancellationToken cancellationToken)
    {
        conflictsRead.Clear();
        db.Conflicts.Add(new ConflictRow { ReviewerId = conflict.ReviewerId, AccountId = conflict.AccountId, Reason = conflict.Reason, DeclaredAt = conflict.DeclaredAt });
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task AddEvidenceContentAsync(Guid evidenceId, Guid complaintId, byte[] content, CancellationToken cancellationToken)
    {
        db.EvidenceContents.Add(new EvidenceContentRow { Id = evidenceId, ComplaintId = complaintId, Content = content });
        return Task.CompletedTask;
    }

    public async Task<byte[]?> EvidenceContentAsync(Guid complaintId, Guid evidenceId, CancellationToken cancellationToken) =>
        await db.EvidenceContents.AsNoTracking().Where(e => e.Id == evidenceId && e.ComplaintId == complaintId).Select(e => e.Content).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>One database transaction for a use case's rows and its workflow transition; the workflow store joins it.</summary>
public sealed class EfUnitOfWork(DisputesDbContext db) : IUnitOfWork
{
    public async Task<IAsyncDisposable> BeginAsync(CancellationToken cancellationToken) => await db.Database.BeginTransactionAsync(cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } transaction) await transaction.CommitAsync(cancellationToken);
    }
}
