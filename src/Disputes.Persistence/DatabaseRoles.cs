using Npgsql;

namespace Disputes.Persistence;

/// <summary>
/// Two PostgreSQL roles (README "Database roles"). The owner (<c>ConnectionStrings:DisputesOwner</c>) owns the
/// schema and runs the migrations; the service (<c>ConnectionStrings:Disputes</c>) only reads and writes rows. After
/// each migration the owner grants the service exactly that: SELECT, INSERT, UPDATE and DELETE on the tables, except
/// the audit trail and its signed tree heads, which it may only append to and read (and, for the sealer, fill in an
/// entry's place in the chain once); the use of the sequences; nothing on the migrations' own
/// history but reading it. No TRUNCATE, no TRIGGER, no REFERENCES, and no ownership: so the service cannot alter a
/// table, switch its triggers off or empty it. Setting <c>session_replication_role</c> needs a superuser (or a
/// grant nobody makes), which the service is not.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>The tables whose rows the service may add and read but never change or remove.</summary>
    public static readonly string[] AppendOnly = ["audit_entries", "audit_tree_heads"];

    /// <summary>
    /// The one change the service makes to an audit entry: the sealer fills in its place in the chain. Its trigger
    /// allows that once per entry, on an unsealed entry, and refuses every other update.
    /// </summary>
    public static readonly string[] SealColumns = ["Sequence", "PreviousHash", "Hash"];

    /// <summary>Who the service connects as; null when it is the owner too (one role, e.g. a local setup).</summary>
    public static string? ServiceRole(string serviceConnectionString, string? ownerConnectionString)
    {
        if (string.IsNullOrWhiteSpace(ownerConnectionString)) return null;
        var service = new NpgsqlConnectionStringBuilder(serviceConnectionString).Username;
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString).Username;
        return string.IsNullOrEmpty(service) || string.Equals(service, owner, StringComparison.Ordinal) ? null : service;
    }

    /// <summary>Grants the service role its rights on every table of <paramref name="schemas"/> (run as the owner, after migrating).</summary>
    public static async Task GrantServiceRoleAsync(string ownerConnectionString, string serviceRole, IReadOnlyCollection<string> schemas, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        var role = Quote(serviceRole);
        var sql = new List<string>();
        foreach (var schema in schemas.Select(Quote))
        {
            sql.Add($"GRANT USAGE ON SCHEMA {schema} TO {role}");
            sql.Add($"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}");
            sql.Add($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}");
            sql.Add($"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}");
        }
        foreach (var table in AppendOnly) sql.Add($"REVOKE UPDATE, DELETE ON public.{Quote(table)} FROM {role}");
        sql.Add($"GRANT UPDATE ({string.Join(", ", SealColumns.Select(Quote))}) ON public.\"audit_entries\" TO {role}");
        sql.Add($"REVOKE INSERT, UPDATE, DELETE ON public.\"__EFMigrationsHistory\" FROM {role}");
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in sql) batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
