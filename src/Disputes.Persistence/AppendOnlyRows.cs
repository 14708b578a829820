using Disputes.Persistence.Compliance;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Disputes.Persistence;

/// <summary>
/// The append-only rows of a save on PostgreSQL (the workflow journal and the audit entries: 46 of the 70 or so rows a
/// complaint inserts) as one statement per table, <c>INSERT … SELECT FROM unnest(arrays)</c>, in the
/// save's transaction, instead of one statement per row that EF builds and PostgreSQL parses and runs (ADR 0013).
/// The rows and their triggers are the same (the audit trail's stamp runs per row, as before).
/// </summary>
/// <remarks>
/// Only inside a transaction: the rows commit or roll back with the rest of the save. A save without one (a start
/// sent as one batch without BEGIN) stays with EF. The written entries are no longer tracked (EF's own save skips
/// them, and nothing changes an appended row); when that save fails they are tracked as Added again, as EF leaves
/// the rows of a failed save (the transaction is aborted then, so nothing of them stays).
/// </remarks>
internal static class AppendOnlyRows
{
    public static async Task<Written?> WriteAsync(DisputesDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not { } transaction) return null;
        var journal = db.TrackedEntries<JournalRow>(e => e.State == EntityState.Added);
        var audit = db.TrackedEntries<AuditRow>(e => e.State == EntityState.Added);
        if (journal.Count + audit.Count == 0) return null;

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        if (journal.Count > 0) batch.BatchCommands.Add(Journal(journal.Select(e => e.Entity).ToList()));
        if (audit.Count > 0) batch.BatchCommands.Add(Audit(audit.Select(e => e.Entity).ToList()));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            // The same exception EF raises for a failed row, so the callers' handling (a unique key, a lost race) holds.
            throw new DbUpdateException($"Writing {journal.Count} journal rows and {audit.Count} audit entries failed: {ex.MessageText}", ex);
        }
        var written = new Written([.. journal.Cast<EntityEntry>(), .. audit]);
        foreach (var entry in written.Entries) entry.State = EntityState.Detached;
        return written;
    }

    /// <summary>The entries written ahead of EF's save.</summary>
    internal sealed record Written(List<EntityEntry> Entries)
    {
        /// <summary>EF's save failed: the rows are pending again, as after any failed save.</summary>
        public void Undo()
        {
            foreach (var entry in Entries) entry.State = EntityState.Added;
        }
    }

    private static NpgsqlBatchCommand Journal(List<JournalRow> rows) => new("""
        INSERT INTO wf_journal ("Id", "InstanceId", "Sequence", "At", "Event", "ActivityId", "Actor", "Detail")
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
        """)
    {
        Parameters =
        {
            Array(rows, r => r.Id, NpgsqlDbType.Uuid),
            Array(rows, r => r.InstanceId, NpgsqlDbType.Uuid),
            Array(rows, r => r.Sequence, NpgsqlDbType.Integer),
            Array(rows, r => r.At.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            Array(rows, r => r.Event, NpgsqlDbType.Text),
            Array(rows, r => r.ActivityId, NpgsqlDbType.Text),
            Array(rows, r => r.Actor, NpgsqlDbType.Text),
            Array(rows, r => r.Detail, NpgsqlDbType.Text),
        },
    };

    private static NpgsqlBatchCommand Audit(List<AuditRow> rows) => new("""
        INSERT INTO audit_entries ("Id", "Sequence", "At", "Actor", "Role", "CaseId", "Action", "Data", "PreviousHash", "Hash", "Ordinal", "TxId")
        SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::bigint[])
        """)
    {
        Parameters =
        {
            Array(rows, r => r.Id, NpgsqlDbType.Uuid),
            Array(rows, r => r.Sequence, NpgsqlDbType.Bigint),
            Array(rows, r => r.At.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            Array(rows, r => r.Actor, NpgsqlDbType.Text),
            Array(rows, r => r.Role, NpgsqlDbType.Text),
            Array(rows, r => r.CaseId, NpgsqlDbType.Uuid),
            Array(rows, r => r.Action, NpgsqlDbType.Text),
            Array(rows, r => r.Data, NpgsqlDbType.Text),
            Array(rows, r => r.PreviousHash, NpgsqlDbType.Text),
            Array(rows, r => r.Hash, NpgsqlDbType.Text),
            Array(rows, r => r.Ordinal, NpgsqlDbType.Bigint),
            Array(rows, r => r.TxId, NpgsqlDbType.Bigint),
        },
    };

    private static NpgsqlParameter<T[]> Array<TRow, T>(List<TRow> rows, Func<TRow, T> column, NpgsqlDbType type) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, TypedValue = rows.Select(column).ToArray() };
}
