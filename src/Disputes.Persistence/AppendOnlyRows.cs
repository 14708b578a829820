using Disputes.Persistence.Compliance;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Disputes.Persistence;

/// <summary>
/// The rows a save only inserts on PostgreSQL (the workflow journal, the audit entries, the outbox messages and the
/// timers: 58 of the 70 or so rows a complaint inserts) as one statement per table, <c>INSERT … SELECT FROM unnest(arrays)</c>, in the
/// save's transaction, instead of one statement per row that EF builds and PostgreSQL parses and runs (ADR 0013).
/// The rows and their triggers are the same (the audit trail's stamp runs per row, as before).
/// </summary>
/// <remarks>
/// Only inside a transaction: the rows commit or roll back with the rest of the save. A save without one (a start
/// sent as one batch without BEGIN) stays with EF. They are written after EF's part of the save, so the save takes
/// its locks in the order it always did (the instance's version first): two transitions racing on one instance
/// queue on that row, not on the journal's key with the other's locks held (a deadlock). The entries leave the change
/// tracker (nothing changes an appended row); when the save fails they are tracked as Added again, as EF leaves the
/// rows of a failed save (the transaction is aborted then, so nothing of them stays).
/// </remarks>
internal static class AppendOnlyRows
{
    /// <summary>Takes the pending rows out of EF's save; null when there are none or the save runs in no transaction.</summary>
    public static Pending? Take(DisputesDbContext db)
    {
        if (db.Database.CurrentTransaction is null) return null;
        // One pass over the tracked entries for the four kinds of row.
        var entries = db.TrackedEntries<object>(e => e.State == EntityState.Added && e.Entity is JournalRow or AuditRow or OutboxRow or TimerRow)
            .Cast<EntityEntry>().ToList();
        if (entries.Count == 0) return null;
        foreach (var entry in entries) entry.State = EntityState.Detached;
        return new Pending(entries);
    }

    internal sealed record Pending(List<EntityEntry> Entries)
    {
        public int Count => Entries.Count;

        private List<T> Rows<T>() => Entries.Select(e => e.Entity).OfType<T>().ToList();

        /// <summary>Writes the rows in the save's transaction, one statement per table, in one round trip.</summary>
        public async Task WriteAsync(DisputesDbContext db, CancellationToken cancellationToken)
        {
            var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("The save's transaction ended before its appended rows were written.");
            var journal = Rows<JournalRow>();
            var audit = Rows<AuditRow>();
            var outbox = Rows<OutboxRow>();
            var timers = Rows<TimerRow>();
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
            if (journal.Count > 0) batch.BatchCommands.Add(JournalInsert(journal));
            if (audit.Count > 0) batch.BatchCommands.Add(AuditInsert(audit));
            if (outbox.Count > 0) batch.BatchCommands.Add(OutboxInsert(outbox));
            if (timers.Count > 0) batch.BatchCommands.Add(TimersInsert(timers));
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                // The exception EF raises for a failed row, so the callers' handling (a unique key, a lost race) holds.
                throw new DbUpdateException($"Writing {journal.Count} journal rows, {audit.Count} audit entries, {outbox.Count} outbox messages and {timers.Count} timers failed: {ex.MessageText}", ex);
            }
        }

        /// <summary>The save failed: the rows are pending again, as after any failed save.</summary>
        public void Undo()
        {
            foreach (var entry in Entries) entry.State = EntityState.Added;
        }
    }

    private static NpgsqlBatchCommand JournalInsert(List<JournalRow> rows) => new("""
        INSERT INTO wf_journal ("Id", "InstanceId", "Sequence", "At", "Event", "ActivityId", "Actor", "Detail")
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
        """)
    {
        Parameters =
        {
            Array(rows, r => r.Id),
            Array(rows, r => r.InstanceId),
            Array(rows, r => r.Sequence),
            Array(rows, r => r.At.ToUniversalTime()),
            Array(rows, r => r.Event),
            Array(rows, r => r.ActivityId),
            Array(rows, r => r.Actor),
            Array(rows, r => r.Detail),
        },
    };

    private static NpgsqlBatchCommand AuditInsert(List<AuditRow> rows) => new("""
        INSERT INTO audit_entries ("Id", "Sequence", "At", "Actor", "Role", "CaseId", "Action", "Data", "PreviousHash", "Hash", "Ordinal", "TxId")
        SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::bigint[])
        """)
    {
        Parameters =
        {
            Array(rows, r => r.Id),
            Array(rows, r => r.Sequence),
            Array(rows, r => r.At.ToUniversalTime()),
            Array(rows, r => r.Actor),
            Array(rows, r => r.Role),
            Array(rows, r => r.CaseId),
            Array(rows, r => r.Action),
            Array(rows, r => r.Data),
            Array(rows, r => r.PreviousHash),
            Array(rows, r => r.Hash),
            Array(rows, r => r.Ordinal),
            Array(rows, r => r.TxId),
        },
    };

    private static NpgsqlBatchCommand OutboxInsert(List<OutboxRow> rows) => new("""
        INSERT INTO wf_outbox ("Id", "InstanceId", "ActivityId", "Kind", "Payload", "IdempotencyKey", "Status", "Attempts", "NextAttemptAt", "CreatedAt", "ProcessedAt", "LastError", "Position")
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::bigint[])
        """)
    {
        Parameters =
        {
            Array(rows, r => r.Id),
            Array(rows, r => r.InstanceId),
            Array(rows, r => r.ActivityId),
            Array(rows, r => r.Kind),
            Array(rows, r => r.Payload),
            Array(rows, r => r.IdempotencyKey),
            Array(rows, r => r.Status),
            Array(rows, r => r.Attempts),
            Array(rows, r => r.NextAttemptAt.ToUniversalTime()),
            Array(rows, r => r.CreatedAt.ToUniversalTime()),
            Array(rows, r => r.ProcessedAt?.ToUniversalTime()),
            Array(rows, r => r.LastError),
            Array(rows, r => r.Position),
        },
    };

    private static NpgsqlBatchCommand TimersInsert(List<TimerRow> rows) => new("""
        INSERT INTO wf_timers ("Id", "InstanceId", "TokenId", "ActivityId", "Purpose", "DueAt", "CreatedAt")
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
        """)
    {
        Parameters =
        {
            Array(rows, r => r.Id),
            Array(rows, r => r.InstanceId),
            Array(rows, r => r.TokenId),
            Array(rows, r => r.ActivityId),
            Array(rows, r => r.Purpose),
            Array(rows, r => r.DueAt.ToUniversalTime()),
            Array(rows, r => r.CreatedAt.ToUniversalTime()),
        },
    };

    /// <summary>
    /// An array parameter whose PostgreSQL type Npgsql infers from <typeparamref name="T"/> (uuid, text, integer,
    /// bigint, timestamptz; cached per CLR type); the SQL casts each array to its column's type. An explicit
    /// <c>NpgsqlDbType.Array | …</c> made Npgsql build the array type's name again for every parameter.
    /// </summary>
    internal static NpgsqlParameter<T[]> Array<TRow, T>(List<TRow> rows, Func<TRow, T> column) =>
        new() { TypedValue = rows.Select(column).ToArray() };
}
