using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Disputes.Persistence;

/// <summary>
/// The one database of the service. Two provider-specific subclasses carry their own migrations:
/// <see cref="PostgresDisputesDbContext"/> (production, tests) and <see cref="SqliteDisputesDbContext"/> (embedded default).
/// </summary>
public abstract class DisputesDbContext : DbContext, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>
    /// Whether this context runs on PostgreSQL (the type decides the provider). Cheaper than
    /// <c>Database.IsNpgsql()</c>, which reads the provider's assembly name on every call, on paths every request takes.
    /// </summary>
    public bool IsPostgres => this is PostgresDisputesDbContext;

    protected DisputesDbContext(DbContextOptions options) : base(options)
    {
        // No savepoint around a save inside a transaction the code began: every failed save ends its whole transaction
        // (the saves whose duplicate key is expected and survived, the local mailbox's and ledger's, run in their own
        // transaction), so EF's automatic savepoint would only cost two round trips (SAVEPOINT, RELEASE) and a
        // subtransaction id per save.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<InstanceRow> Instances => Set<InstanceRow>();
    public DbSet<BookmarkRow> Bookmarks => Set<BookmarkRow>();
    public DbSet<TimerRow> Timers => Set<TimerRow>();
    public DbSet<JournalRow> Journal => Set<JournalRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<IncidentRow> Incidents => Set<IncidentRow>();
    public DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();
    public DbSet<LocalEffectRow> LocalEffects => Set<LocalEffectRow>();
    public DbSet<Disputes.Domain.Complaints.Complaint> Complaints => Set<Disputes.Domain.Complaints.Complaint>();
    public DbSet<EvidenceContentRow> EvidenceContents => Set<EvidenceContentRow>();
    public DbSet<ConflictRow> Conflicts => Set<ConflictRow>();
    public DbSet<MailboxRow> Mailbox => Set<MailboxRow>();
    public DbSet<Disputes.Persistence.Complaints.CaseTaskRow> CaseTasks => Set<Disputes.Persistence.Complaints.CaseTaskRow>();
    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();
    public DbSet<Compliance.AuditRow> AuditEntries => Set<Compliance.AuditRow>();
    public DbSet<Compliance.AuditTreeHeadRow> AuditTreeHeads => Set<Compliance.AuditTreeHeadRow>();
    public DbSet<Compliance.StatementRow> Statements => Set<Compliance.StatementRow>();
    public DbSet<Compliance.StatementSubmissionRow> StatementSubmissions => Set<Compliance.StatementSubmissionRow>();
    public DbSet<Compliance.ExternalOutcomeRow> ExternalOutcomes => Set<Compliance.ExternalOutcomeRow>();
    public DbSet<Compliance.LocalDsaStatementRow> LocalDsaStatements => Set<Compliance.LocalDsaStatementRow>();
    public DbSet<Idempotency.IdempotentRequestRow> IdempotentRequests => Set<Idempotency.IdempotentRequestRow>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every node of a deployment (cookies, antiforgery).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>
    /// The request with an <c>Idempotency-Key</c> this context is serving (set by the web layer for the request's
    /// duration): the next commit writes it in the same transaction (<see cref="Idempotency.IdempotencyMarkerInterceptor"/>).
    /// </summary>
    public Idempotency.PendingIdempotentRequest? PendingIdempotentRequest { get; set; }

    private Guid savedCasesTransaction;
    private readonly HashSet<Guid> savedCases = [];

    /// <summary>Notes the cases whose version the current transaction has already changed (their repository saved them).</summary>
    internal void CasesSavedIn(IEnumerable<Guid> caseIds)
    {
        if (Database.CurrentTransaction is not { } transaction) return;
        if (transaction.TransactionId != savedCasesTransaction)
        {
            savedCasesTransaction = transaction.TransactionId;
            savedCases.Clear();
        }
        savedCases.UnionWith(caseIds);
    }

    private Guid readCasesTransaction;
    private readonly HashSet<Guid> readCases = [];

    /// <summary>Notes a case read in the current transaction (the instance the change tracker holds is that read).</summary>
    internal void CaseReadIn(Guid caseId)
    {
        if (Database.CurrentTransaction is not { } transaction) return;
        if (transaction.TransactionId != readCasesTransaction)
        {
            readCasesTransaction = transaction.TransactionId;
            readCases.Clear();
        }
        readCases.Add(caseId);
    }

    /// <summary>Whether the current transaction has read or saved the case.</summary>
    internal bool CaseReadOrSavedInThisTransaction(Guid caseId) =>
        CaseSavedInThisTransaction(caseId)
        || Database.CurrentTransaction is { } transaction && transaction.TransactionId == readCasesTransaction && readCases.Contains(caseId);

    /// <summary>Whether the current transaction has already changed the case's version.</summary>
    internal bool CaseSavedInThisTransaction(Guid caseId) =>
        Database.CurrentTransaction is { } transaction && transaction.TransactionId == savedCasesTransaction && savedCases.Contains(caseId);

    /// <summary>
    /// A case's open tasks read in the same statement as the case (<see cref="Complaints.EfComplaintRepository.FindAsync"/>),
    /// handed out once by the task board; forgotten by any write.
    /// </summary>
    internal (Guid CaseId, List<Disputes.Application.Complaints.CaseTask> Tasks)? PrefetchedTasks { get; set; }

    /// <summary>
    /// A transaction begun for the next workflow transition by a read that must hold its row locks until that
    /// transition commits (<see cref="Complaints.EfStaffLoads"/>, when the transition had not begun one yet). The
    /// workflow store takes it over as its own: it commits or rolls it back with the transition.
    /// </summary>
    internal Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? TransactionForTransition { get; set; }

    /// <summary>SQLite numbers the writing transaction of new audit entries by a read (see <see cref="SaveChangesAsync"/>): the synchronous save refuses them.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrefetchedTasks = null;
        if (this is SqliteDisputesDbContext && Compliance.AuditWriting.Pending(this).Count > 0)
            throw new InvalidOperationException("Audit entries are written by SaveChangesAsync.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// New audit entries are written unsealed, with the action, in its transaction; nothing is locked (the sealer chains
    /// them later). On PostgreSQL a trigger stamps the transaction id; SQLite (one writer) numbers it here.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var written = await SaveWithAuditAsync(acceptAllChangesOnSuccess, cancellationToken);
        ForgetWrittenAuditEntries();
        return written;
    }

    /// <summary>
    /// The tracked entries of <typeparamref name="T"/> that match, without detecting changes first
    /// (<c>DbSet.Local</c> and <c>ChangeTracker.Entries</c> scan every tracked entity for changes before they answer;
    /// SaveChanges detects them itself, and <c>Entry(entity)</c> detects one entity's own).
    /// </summary>
    public List<EntityEntry<T>> TrackedEntries<T>(Func<EntityEntry<T>, bool> match) where T : class
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return ChangeTracker.Entries<T>().Where(match).ToList();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>A tracked entity, found without detecting changes first (<see cref="TrackedEntries{T}"/>).</summary>
    public T? FindTracked<T>(Func<T, bool> match) where T : class => TrackedEntries<T>(e => match(e.Entity)).FirstOrDefault()?.Entity;

    /// <summary>
    /// Audit entries are append-only: once written nothing in a unit of work changes them, and a context that stays
    /// tracking them (the outbox drain writes an entry per message, batch after batch) would scan them all again in
    /// every later SaveChanges.
    /// </summary>
    private void ForgetWrittenAuditEntries()
    {
        foreach (var entry in TrackedEntries<Compliance.AuditRow>(e => e.State == EntityState.Unchanged)) entry.State = EntityState.Detached;
    }

    private async Task<int> SaveWithAuditAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        PrefetchedTasks = null;
        if (this is not SqliteDisputesDbContext)
        {
            if (AppendOnlyRows.Take(this) is not { } appended) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            try
            {
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
                await appended.WriteAsync(this, cancellationToken);
                if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
                return saved + appended.Count;
            }
            catch
            {
                appended.Undo();
                throw;
            }
        }
        var audit = Compliance.AuditWriting.Pending(this);
        if (audit.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            await Compliance.AuditWriting.NumberAsync(this, audit, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await Compliance.AuditWriting.NumberAsync(this, audit, cancellationToken);
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InstanceRow>(e =>
        {
            e.ToTable("wf_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.CorrelationId).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.DefinitionId, x.DefinitionVersion, x.Status });
            e.HasIndex(x => x.CorrelationId);
        });
        modelBuilder.Entity<BookmarkRow>(e =>
        {
            e.ToTable("wf_bookmarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.CorrelationId).HasMaxLength(200);
            e.Property(x => x.Role).HasMaxLength(100);
            e.Property(x => x.Assignee).HasMaxLength(200);
            e.Property(x => x.ConsumedBy).HasMaxLength(300);
            e.Property(x => x.ConsumedAt).IsConcurrencyToken();
            e.HasIndex(x => new { x.InstanceId, x.Name });
            e.HasIndex(x => new { x.CorrelationId, x.Name });
            e.HasIndex(x => new { x.ActivityId, x.InstanceId });
            e.HasIndex(x => new { x.Role, x.Assignee, x.DueAt });
        });
        modelBuilder.Entity<TimerRow>(e =>
        {
            e.ToTable("wf_timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.Property(x => x.Purpose).HasMaxLength(20);
            e.HasIndex(x => x.DueAt);
            e.HasIndex(x => new { x.ActivityId, x.InstanceId });
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<JournalRow>(e =>
        {
            e.ToTable("wf_journal");
            // An instance's entries are read in their order, and nothing looks one up by its id: the key is the
            // order itself, one index entry per row instead of three (ADR 0015). The id stays as a column.
            e.HasKey(x => new { x.InstanceId, x.Sequence });
            e.Property(x => x.Event).HasMaxLength(60);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Detail).HasMaxLength(1000);
            // The breach statistics read missed deadlines by time; no other event is looked up by time.
            e.HasIndex(x => new { x.At, x.ActivityId }).HasDatabaseName("IX_wf_journal_deadlines_At")
                .HasFilter($"\"Event\" = '{Disputes.Workflows.Runtime.JournalEvents.DeadlinePassed}'");
        });
        modelBuilder.Entity<OutboxRow>(e =>
        {
            e.ToTable("wf_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.Property(x => x.IdempotencyKey).HasMaxLength(300);
            e.Property(x => x.Status).HasMaxLength(20);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<IncidentRow>(e =>
        {
            e.ToTable("wf_incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.Property(x => x.ResolvedBy).HasMaxLength(200);
            e.Property(x => x.ResolvedAt).IsConcurrencyToken();
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => new { x.ResolvedAt, x.CreatedAt });
            e.HasIndex(x => new { x.ActivityId, x.InstanceId });
        });
        modelBuilder.Entity<IdempotencyRow>(e =>
        {
            e.ToTable("wf_idempotency_keys");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.HasIndex(x => x.CreatedAt);
        });
        modelBuilder.Entity<LocalEffectRow>(e =>
        {
            e.ToTable("local_effects");
            e.HasKey(x => x.IdempotencyKey);
            e.Property(x => x.IdempotencyKey).HasMaxLength(300);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.HasIndex(x => x.AppliedAt);
        });
        Disputes.Persistence.Complaints.ComplaintModel.Configure(modelBuilder);
        Disputes.Persistence.Complaints.CaseTaskProjection.Configure(modelBuilder, this is SqliteDisputesDbContext);
        Compliance.AuditAndReportingModel.Configure(modelBuilder, this is SqliteDisputesDbContext);
        Compliance.DecisionTerms.Configure(modelBuilder);
        Idempotency.IdempotentRequestModel.Configure(modelBuilder);
        modelBuilder.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>(e =>
        {
            e.ToTable("data_protection_keys");
            e.Property(x => x.FriendlyName).HasMaxLength(200);
        });
    }
}

public sealed class PostgresDisputesDbContext(DbContextOptions<PostgresDisputesDbContext> options) : DisputesDbContext(options);

public sealed class SqliteDisputesDbContext(DbContextOptions<SqliteDisputesDbContext> options) : DisputesDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time type; as a 64-bit number a UTC timestamp stays comparable and sortable in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
