using System.Data.Common;
using System.Text.Json;
using Disputes.Application.Complaints;
using Disputes.Domain.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Disputes.Persistence.Complaints;

/// <summary>
/// The counters of <c>staff_loads</c> (kept by the database's trigger, <see cref="StaffLoadsSql"/>), read with SQL.
/// On PostgreSQL the least-loaded eligible person's counter row is locked (FOR UPDATE) until the transaction ends:
/// the task given to them in the same transaction moves that very row, so a concurrent choice either skips the row
/// (SKIP LOCKED, taking the next person within one task of the least-loaded) or, when every such row is taken,
/// waits for the least-loaded one and chooses again on the counts just committed. SQLite has one writer at a time: a
/// plain read is enough.
/// </summary>
/// <remarks>
/// Several tasks opened by one transition are chosen before any of them is written: the ones already chosen in the
/// current transaction count for their holders here.
/// </remarks>
public sealed class EfStaffLoads(DisputesDbContext db) : IStaffLoads
{
    private static readonly string[] StaffRoles = [.. ComplaintProcess.StaffRoles];
    private readonly Dictionary<string, int> reserved = new(StringComparer.Ordinal);
    private Guid reservedIn;

    // The counter rows of the staff who hold the tasks this transaction closes, locked first and in byte order; then
    // the eligible people's rows (a person without a row has no open task), only those missing: ON CONFLICT checks an
    // existing row by waiting for any transaction that is changing it, so inserting everyone's row made each choice
    // wait for every concurrent transition of the eligible staff; then the choice. A party's row is not
    // locked ahead: no choice ever takes it, and a party with many cases would otherwise be held for whole transitions.
    private const string ReservePostgres = """
        SELECT 1 FROM staff_loads
        WHERE person_id IN (SELECT "Assignee" FROM wf_bookmarks WHERE "Id" = ANY(@closing) AND "Assignee" IS NOT NULL AND "Role" = ANY(@staffRoles) AND "ConsumedAt" IS NULL)
        ORDER BY person_id COLLATE "C" FOR UPDATE;
        INSERT INTO staff_loads (person_id, open_tasks) SELECT id, 0 FROM unnest(@ids) AS id
            WHERE NOT EXISTS (SELECT 1 FROM staff_loads s WHERE s.person_id = id) ORDER BY id COLLATE "C" ON CONFLICT (person_id) DO NOTHING;
        WITH r AS (SELECT * FROM unnest(@reserved, @counts) AS r(person_id, n)),
             m AS (SELECT min(s.open_tasks + coalesce(r.n, 0)) AS lo FROM staff_loads s LEFT JOIN r ON r.person_id = s.person_id WHERE s.person_id = ANY(@ids))
        SELECT s.person_id, s.open_tasks + coalesce(r.n, 0) AS load
        FROM staff_loads s CROSS JOIN m LEFT JOIN r ON r.person_id = s.person_id
        WHERE s.person_id = ANY(@ids) AND s.open_tasks + coalesce(r.n, 0) <= m.lo + 1
        ORDER BY load, s.person_id COLLATE "C" LIMIT 1
        FOR UPDATE OF s SKIP LOCKED;
        """;

    // Every row within one task of the least-loaded is being given a task right now: wait for the least-loaded.
    private const string WaitPostgres = """
        WITH r AS (SELECT * FROM unnest(@reserved, @counts) AS r(person_id, n))
        SELECT s.person_id, s.open_tasks + coalesce(r.n, 0) AS load
        FROM staff_loads s LEFT JOIN r ON r.person_id = s.person_id
        WHERE s.person_id = ANY(@ids)
        ORDER BY load, s.person_id COLLATE "C" LIMIT 1
        FOR UPDATE OF s
        """;

    // The same wait, let go as soon as it is granted (the savepoint's rollback releases the row), to choose again on
    // the counts just committed: waiters queued on one row would otherwise all take that row, one after the other,
    // each on top of the last.
    private const string WaitThenLetGoPostgres = "SAVEPOINT staff_loads_wait;\n" + WaitPostgres + """
        ;
        ROLLBACK TO SAVEPOINT staff_loads_wait;
        RELEASE SAVEPOINT staff_loads_wait;
        """;

    /// <summary>How many times a choice waits and chooses again before it takes the row it waited for as it is.</summary>
    private const int MaxWaits = 8;

    private const string ReadSqlite = """
        SELECT person_id, open_tasks FROM staff_loads WHERE person_id IN (SELECT value FROM json_each(@ids));
        """;

    public async Task<Candidate?> ReserveLeastLoadedAsync(IReadOnlyCollection<string> eligible, IReadOnlyCollection<Guid> closing, CancellationToken cancellationToken)
    {
        if (eligible.Count == 0) return null;
        var ids = eligible.Distinct(StringComparer.Ordinal).ToArray();
        Candidate? chosen;
        if (db.IsPostgres)
        {
            if (db.Database.CurrentTransaction is null)
            {
                // The lock must last until the transition commits: begin its transaction now, and hand it over.
                db.TransactionForTransition = await db.Database.BeginTransactionAsync(cancellationToken);
            }
            ForgetOtherTransactions();
            chosen = await QueryPostgresAsync(ReservePostgres, ids, closing, cancellationToken);
            for (var waits = 0; chosen is null; waits++)
            {
                if (waits == MaxWaits)
                {
                    chosen = await QueryPostgresAsync(WaitPostgres + ";", ids, closing, cancellationToken);
                    break;
                }
                await QueryPostgresAsync(WaitThenLetGoPostgres, ids, closing, cancellationToken);
                chosen = await QueryPostgresAsync(ReservePostgres, ids, closing, cancellationToken);
            }
        }
        else
        {
            ForgetOtherTransactions();
            var loads = await ReadSqliteAsync(ids, cancellationToken);
            chosen = ids.Select(id => new Candidate(id, loads.GetValueOrDefault(id) + reserved.GetValueOrDefault(id)))
                .OrderBy(c => c.OpenTasks).ThenBy(c => c.Id, StringComparer.Ordinal).First();
        }
        if (chosen is not null) reserved[chosen.Id] = reserved.GetValueOrDefault(chosen.Id) + 1;
        return chosen;
    }

    /// <summary>Choices of an earlier transaction are written (or rolled back) by now: only this transaction's count.</summary>
    private void ForgetOtherTransactions()
    {
        var current = db.Database.CurrentTransaction?.TransactionId ?? Guid.Empty;
        if (current == reservedIn && current != Guid.Empty) return;
        reserved.Clear();
        reservedIn = current;
    }

    private async Task<Candidate?> QueryPostgresAsync(string sql, string[] ids, IReadOnlyCollection<Guid> closing, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
        command.Parameters.Add(new NpgsqlParameter("closing", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = closing.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("staffRoles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = StaffRoles });
        command.Parameters.Add(new NpgsqlParameter("reserved", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = reserved.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("counts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = reserved.Values.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Candidate? chosen = null;
        do
        {
            if (reader.FieldCount != 2) continue;
            if (await reader.ReadAsync(cancellationToken)) chosen = new Candidate(reader.GetString(0), reader.GetInt32(1));
        }
        while (await reader.NextResultAsync(cancellationToken));
        return chosen;
    }

    private async Task<Dictionary<string, int>> ReadSqliteAsync(string[] ids, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = ReadSqlite;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@ids";
            parameter.Value = JsonSerializer.Serialize(ids);
            command.Parameters.Add(parameter);
            var loads = new Dictionary<string, int>(StringComparer.Ordinal);
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) loads[reader.GetString(0)] = reader.GetInt32(1);
            return loads;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
