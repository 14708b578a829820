using Disputes.Persistence;
using Disputes.Persistence.Compliance;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests;

/// <summary>
/// The journal rows and audit entries of a save (on PostgreSQL written ahead of EF's save, one statement per table):
/// they commit with the save's transaction, a failed save leaves none of them and keeps them pending as EF does, and a
/// clash on the journal's key is the unique violation the workflow store turns into a conflict. On both providers.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class AppendOnlyRowsTests(Db provider)
{
    private TestDatabase database = null!;
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(provider);
        app = await TestApp.StartAsync(database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private static JournalRow Journal(Guid instance, int sequence) => new()
    {
        Id = Guid.CreateVersion7(), InstanceId = instance, Sequence = sequence, At = DateTimeOffset.UtcNow, Event = "TestEvent",
        ActivityId = sequence % 2 == 0 ? null : "step-" + sequence, Actor = "tester", Detail = sequence == 1 ? null : "détail ☃ " + sequence,
    };

    private static AuditRow Audit(Guid? caseId, long ordinal) => new()
    {
        Id = Guid.CreateVersion7(), At = DateTimeOffset.UtcNow, Actor = "tester", Role = "system", CaseId = caseId, Action = "test.appended",
        Data = """{"n":""" + ordinal + "}", Ordinal = ordinal,
    };

    private async Task<T> InScopeAsync<T>(Func<DisputesDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DisputesDbContext>());
    }

    [Test]
    public async Task The_rows_commit_with_the_save_and_none_stays_pending()
    {
        var instance = Guid.NewGuid();
        var caseId = Guid.NewGuid();
        var written = await InScopeAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Journal.AddRange(Journal(instance, 1), Journal(instance, 2), Journal(instance, 3));
            db.AuditEntries.AddRange(Audit(caseId, 1), Audit(null, 2));
            db.IdempotencyKeys.Add(new IdempotencyRow { Key = "k-" + instance, RequestHash = "h", InstanceId = instance, Response = "{}", CreatedAt = DateTimeOffset.UtcNow });
            var count = await db.SaveChangesAsync();
            Assert.That(db.TrackedEntries<JournalRow>(e => e.State == EntityState.Added), Is.Empty);
            Assert.That(db.TrackedEntries<AuditRow>(e => e.State == EntityState.Added), Is.Empty);
            await transaction.CommitAsync();
            return count;
        });
        Assert.That(written, Is.EqualTo(6), "every row of the save is counted");

        var journal = await app.WithDbAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == instance).OrderBy(j => j.Sequence).ToListAsync());
        Assert.That(journal.Select(j => (j.Sequence, j.ActivityId, j.Detail)), Is.EqualTo(new[] { (1, "step-1", (string?)null), (2, null, "détail ☃ 2"), (3, "step-3", "détail ☃ 3") }));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "test.appended").OrderBy(a => a.Ordinal).ToListAsync());
        Assert.That(audit.Select(a => (a.CaseId, a.Data)), Is.EqualTo(new[] { ((Guid?)caseId, """{"n":1}"""), (null, """{"n":2}""") }));
        Assert.That(audit.Select(a => a.TxId).Distinct().Count(), Is.EqualTo(1), "both entries stamped with the one writing transaction");
        Assert.That(audit.Select(a => a.TxId), Is.All.GreaterThan(0));
    }

    [Test]
    public async Task A_failed_save_leaves_no_row_and_keeps_them_pending()
    {
        var instance = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyKeys.Add(new IdempotencyRow { Key = "taken", RequestHash = "h", InstanceId = instance, Response = "{}", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        await InScopeAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Journal.AddRange(Journal(instance, 1), Journal(instance, 2));
            db.AuditEntries.Add(Audit(null, 1));
            // EF's part of the save fails after the journal and audit rows went ahead.
            db.IdempotencyKeys.Add(new IdempotencyRow { Key = "taken", RequestHash = "h2", InstanceId = instance, Response = "{}", CreatedAt = DateTimeOffset.UtcNow });
            var failed = Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.That(DatabaseErrors.IsUniqueViolation(failed!, "wf_idempotency_keys"), Is.True, failed!.InnerException?.Message);
            Assert.That(db.TrackedEntries<JournalRow>(e => e.State == EntityState.Added), Has.Count.EqualTo(2), "pending again, as EF leaves a failed save's rows");
            Assert.That(db.TrackedEntries<AuditRow>(e => e.State == EntityState.Added), Has.Count.EqualTo(1));
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.That(await app.WithDbAsync(db => db.Journal.CountAsync(j => j.InstanceId == instance)), Is.EqualTo(0));
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "test.appended")), Is.EqualTo(0));
    }

    [Test]
    public async Task A_second_row_under_the_same_journal_key_is_a_unique_violation_of_the_journal()
    {
        var instance = Guid.NewGuid();
        await InScopeAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Journal.Add(Journal(instance, 1));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return 0;
        });

        await InScopeAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Journal.AddRange(Journal(instance, 2), Journal(instance, 1));
            db.AuditEntries.Add(Audit(null, 1));
            var failed = Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.That(DatabaseErrors.IsUniqueViolation(failed!, "wf_journal"), Is.True, failed!.InnerException?.Message);
            await transaction.RollbackAsync();
            return 0;
        });

        var journal = await app.WithDbAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == instance).Select(j => j.Sequence).ToListAsync());
        Assert.That(journal, Is.EqualTo(new[] { 1 }), "the failed save wrote none of its rows");
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "test.appended")), Is.EqualTo(0));
    }
}
