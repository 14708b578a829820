using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Disputes.Persistence;

internal static class DatabaseErrors
{
    /// <summary>A unique-constraint violation on the named table (or on any table when <paramref name="table"/> is null).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex, string? table = null) => IsUnique(ex) && (table is null || ex.InnerException switch
    {
        PostgresException pg => pg.TableName == table,
        SqliteException sqlite => sqlite.Message.Contains($"{table}.", StringComparison.Ordinal),
        _ => false,
    });

    private static bool IsUnique(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
