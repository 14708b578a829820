namespace Disputes.Persistence;

public enum DatabaseProvider { Sqlite, PostgreSql }

/// <summary>Section <c>Database</c>: which provider, and whether to migrate at start-up.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Disputes";

    /// <summary>
    /// The owner's connection (PostgreSQL), for migrations only: <c>migrate</c> and start-up migration run as the
    /// owner, then grant the service role (the user of <c>ConnectionStrings:Disputes</c>) its rights on the rows.
    /// Unset: one role does both.
    /// </summary>
    public const string OwnerConnectionStringName = "DisputesOwner";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the service starts (the default). Off: run <c>Disputes.Web migrate</c> first.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
