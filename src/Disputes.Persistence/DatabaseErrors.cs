using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Disputes.Persistence;

/// <summary>What a database error means for the caller: a unique key, a lost race, or a database that is away for a moment.</summary>
public static class DatabaseErrors
{
    /// <summary>A unique-constraint violation on the named table (or on any table when <paramref name="table"/> is null).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex, string? table = null) => IsUnique(ex) && (table is null || ex.InnerException switch
    {
        PostgresException pg => pg.TableName == table,
        SqliteException sqlite => sqlite.Message.Contains($"{table}.", StringComparison.Ordinal),
        _ => false,
    });

    /// <summary>A unique-constraint violation on any of <paramref name="tables"/>.</summary>
    public static bool IsUniqueViolationOn(DbUpdateException ex, IEnumerable<string> tables) => tables.Any(t => IsUniqueViolation(ex, t));

    private static bool IsUnique(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// <summary>
    /// PostgreSQL chose this transaction as the loser of a race it detected itself (a deadlock, or a serialization
    /// failure): nothing was committed, and the same request may simply be sent again.
    /// </summary>
    public static bool IsLostRace(Exception exception) => Chain(exception).Any(e => e is PostgresException
    {
        SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
    });

    /// <summary>
    /// The database is away for a moment: the connection was refused, reset or timed out, the server is shutting
    /// down or starting, out of connections, or (SQLite) the file is busy. Retrying later is the right answer.
    /// </summary>
    public static bool IsTransient(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException pg => IsTransientState(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        SocketException => true,
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException => true,
        _ => false,
    });

    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || state.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections, out of memory, disk full)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.DatabaseDropped or PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable
            or "25P03"; // idle_in_transaction_session_timeout

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }
}
