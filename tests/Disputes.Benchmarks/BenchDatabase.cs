using Npgsql;
using NpgsqlTypes;

namespace Disputes.Benchmarks;

/// <summary>Raw SQL around the benchmark database: create it fresh, read commit counters, bulk-load bookmarks.</summary>
public sealed class BenchDatabase(string serverConnectionString, string databaseName, string? extraOptions = null)
{
    public string DatabaseName { get; } = databaseName;

    /// <summary>The service's connection string: the server's, on the bench database, plus any extra Npgsql options.</summary>
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(
        string.IsNullOrWhiteSpace(extraOptions) ? serverConnectionString : serverConnectionString + ";" + extraOptions)
    {
        Database = databaseName,
        MaxPoolSize = 200,
    }.ToString();

    /// <summary>The maintenance database, unpooled, so that reading statistics adds no transaction to the bench database.</summary>
    private string AdminConnectionString { get; } = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false }.ToString();

    public async Task RecreateAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await Execute(connection, $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
        await Execute(connection, $"CREATE DATABASE \"{DatabaseName}\"");
    }

    public async Task<string> ServerVersionAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Committed transactions of the bench database so far (<c>pg_stat_database.xact_commit</c>), and the cluster's
    /// next transaction id (only transactions that write get one, so its delta counts writing transactions; reading it
    /// takes one id itself). Pooled connections are closed first: a backend flushes its statistics when it exits (an
    /// idle backend may otherwise hold them back for seconds); then wait 1 s.
    /// </summary>
    public async Task<Counters> CountersAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection)) await clear.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @db", connection);
        command.Parameters.AddWithValue("db", DatabaseName);
        var commits = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await using var xid = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection);
        var nextXid = Convert.ToInt64(await xid.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        return new Counters(commits, nextXid);
    }

    public async Task<long> ScalarLongAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, sql);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Clones the suspended instance <paramref name="template"/> (its wf_instances, wf_bookmarks and wf_timers rows)
    /// <paramref name="count"/> times with new ids through binary COPY. The state JSON gets the new token, bookmark and
    /// timer ids, so each clone resumes exactly like the original. Returns (instance id, bookmark id) of every clone.
    /// </summary>
    public async Task<(Guid Instance, Guid Bookmark)[]> CloneSuspendedAsync(Guid template, int count)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();

        string state; string status; long version; int journalSequence; DateTimeOffset createdAt, updatedAt;
        await using (var command = new NpgsqlCommand("SELECT \"State\", \"Status\", \"Version\", \"JournalSequence\", \"CreatedAt\", \"UpdatedAt\" FROM wf_instances WHERE \"Id\" = @id", connection))
        {
            command.Parameters.AddWithValue("id", template);
            await using var r = await command.ExecuteReaderAsync();
            if (!await r.ReadAsync()) throw new InvalidOperationException("template instance not found");
            (state, status, version, journalSequence, createdAt, updatedAt) = (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5));
        }
        Guid bookmarkId, tokenId; string activityId, name; string? role, assignee; DateTimeOffset? bookmarkDue; DateTimeOffset bookmarkCreated;
        await using (var command = new NpgsqlCommand("SELECT \"Id\", \"TokenId\", \"ActivityId\", \"Name\", \"Role\", \"Assignee\", \"DueAt\", \"CreatedAt\" FROM wf_bookmarks WHERE \"InstanceId\" = @id", connection))
        {
            command.Parameters.AddWithValue("id", template);
            await using var r = await command.ExecuteReaderAsync();
            if (!await r.ReadAsync()) throw new InvalidOperationException("template bookmark not found");
            (bookmarkId, tokenId, activityId, name) = (r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3));
            role = r.IsDBNull(4) ? null : r.GetString(4);
            assignee = r.IsDBNull(5) ? null : r.GetString(5);
            bookmarkDue = r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6);
            bookmarkCreated = r.GetFieldValue<DateTimeOffset>(7);
            if (await r.ReadAsync()) throw new InvalidOperationException("template has more than one bookmark");
        }
        var timers = new List<(Guid Id, string ActivityId, string Purpose, DateTimeOffset DueAt, DateTimeOffset CreatedAt)>();
        await using (var command = new NpgsqlCommand("SELECT \"Id\", \"ActivityId\", \"Purpose\", \"DueAt\", \"CreatedAt\" FROM wf_timers WHERE \"InstanceId\" = @id", connection))
        {
            command.Parameters.AddWithValue("id", template);
            await using var r = await command.ExecuteReaderAsync();
            while (await r.ReadAsync()) timers.Add((r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4)));
        }

        var clones = new (Guid Instance, Guid Bookmark, Guid Token, Guid[] Timers)[count];
        for (var i = 0; i < count; i++)
            clones[i] = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.NewGuid(), timers.Select(_ => Guid.CreateVersion7()).ToArray());

        string Key(Guid g) => g.ToString("D");
        string StateOf(int i)
        {
            var s = state.Replace(Key(template), Key(clones[i].Instance), StringComparison.OrdinalIgnoreCase)
                .Replace(Key(bookmarkId), Key(clones[i].Bookmark), StringComparison.OrdinalIgnoreCase)
                .Replace(Key(tokenId), Key(clones[i].Token), StringComparison.OrdinalIgnoreCase);
            for (var t = 0; t < timers.Count; t++) s = s.Replace(Key(timers[t].Id), Key(clones[i].Timers[t]), StringComparison.OrdinalIgnoreCase);
            return s;
        }
        if (!state.Contains(Key(bookmarkId), StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("template state does not name its bookmark id; cannot clone");

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY wf_instances (\"Id\", \"DefinitionId\", \"DefinitionVersion\", \"Status\", \"CorrelationId\", \"State\", \"Version\", \"JournalSequence\", \"CreatedAt\", \"UpdatedAt\", \"FinishedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(clones[i].Instance, NpgsqlDbType.Uuid);
                await copy.WriteAsync("sample-review", NpgsqlDbType.Varchar);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(status, NpgsqlDbType.Varchar);
                await copy.WriteAsync($"bulk-{i}", NpgsqlDbType.Varchar);
                await copy.WriteAsync(StateOf(i), NpgsqlDbType.Text);
                await copy.WriteAsync(version, NpgsqlDbType.Bigint);
                await copy.WriteAsync(journalSequence, NpgsqlDbType.Integer);
                await copy.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(updatedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteNullAsync();
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY wf_bookmarks (\"Id\", \"InstanceId\", \"TokenId\", \"ActivityId\", \"Name\", \"CorrelationId\", \"Role\", \"Assignee\", \"DueAt\", \"CreatedAt\", \"ConsumedAt\", \"ConsumedBy\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(clones[i].Bookmark, NpgsqlDbType.Uuid);
                await copy.WriteAsync(clones[i].Instance, NpgsqlDbType.Uuid);
                await copy.WriteAsync(clones[i].Token, NpgsqlDbType.Uuid);
                await copy.WriteAsync(activityId, NpgsqlDbType.Varchar);
                await copy.WriteAsync(name, NpgsqlDbType.Varchar);
                await copy.WriteAsync($"bulk-{i}", NpgsqlDbType.Varchar);
                if (role is null) await copy.WriteNullAsync(); else await copy.WriteAsync(role, NpgsqlDbType.Varchar);
                if (assignee is null) await copy.WriteNullAsync(); else await copy.WriteAsync(assignee, NpgsqlDbType.Varchar);
                if (bookmarkDue is { } due) await copy.WriteAsync(due, NpgsqlDbType.TimestampTz); else await copy.WriteNullAsync();
                await copy.WriteAsync(bookmarkCreated, NpgsqlDbType.TimestampTz);
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
            }
            await copy.CompleteAsync();
        }
        if (timers.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY wf_timers (\"Id\", \"InstanceId\", \"TokenId\", \"ActivityId\", \"Purpose\", \"DueAt\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < count; i++)
            {
                for (var t = 0; t < timers.Count; t++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(clones[i].Timers[t], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(clones[i].Instance, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(clones[i].Token, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(timers[t].ActivityId, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(timers[t].Purpose, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(timers[t].DueAt, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(timers[t].CreatedAt, NpgsqlDbType.TimestampTz);
                }
            }
            await copy.CompleteAsync();
        }
        return clones.Select(c => (c.Instance, c.Bookmark)).ToArray();
    }
}

public sealed record Counters(long Commits, long Xid)
{
    /// <summary>"commits / writing transactions" per transition between two readings.</summary>
    public static (double Commits, double Writes) PerTransition(Counters before, Counters after, long transitions) =>
        ((after.Commits - before.Commits) / (double)transitions, (after.Xid - before.Xid - 1) / (double)transitions);
}
