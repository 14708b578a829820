using System.Collections.Concurrent;
using Disputes.Application.Ports;
using Npgsql;

namespace Disputes.Persistence.Workflows;

/// <summary>
/// A PostgreSQL session advisory lock on a connection of its own. If the node dies, PostgreSQL ends the session
/// and the lock is free again at once, so another node (or the restarted one) carries on.
/// </summary>
public sealed class PostgresAdvisoryLock(string connectionString) : IDistributedLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext(@name))", connection);
            command.Parameters.AddWithValue("name", "disputes:" + name);
            if (await command.ExecuteScalarAsync(cancellationToken) is true) return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}

/// <summary>The embedded (SQLite) default runs on one node: an in-process lock is enough.</summary>
public sealed class InProcessLock : IDistributedLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var semaphore = locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        return await semaphore.WaitAsync(0, cancellationToken) ? new Held(semaphore) : null;
    }

    private sealed class Held(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
