using Npgsql;

namespace Disputes.IntegrationTests.Support;

public enum Db { PostgreSql, Sqlite }

/// <summary>A fresh database per test fixture: a new PostgreSQL database on the server ./test.sh started, or a new SQLite file.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The two roles of a deployment (README "Database roles"), as scripts/postgres.sh creates them.</summary>
    public const string OwnerRole = "disputes_owner";
    public const string ServiceRole = "disputes_service";

    private TestDatabase(Db provider, string connectionString, string name, string? serviceConnectionString = null, string? ownerConnectionString = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
        ServiceConnectionString = serviceConnectionString;
        OwnerConnectionString = ownerConnectionString;
    }

    public Db Provider { get; }

    /// <summary>The database as the superuser (tests that play an attacker, or look around).</summary>
    public string ConnectionString { get; }
    public string Name { get; }

    /// <summary>With <c>asServiceRole</c>: the service's connection (rows only) and the owner's (migrations).</summary>
    public string? ServiceConnectionString { get; }
    public string? OwnerConnectionString { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("DISPUTES_TEST_POSTGRES")
        ?? throw new InvalidOperationException("DISPUTES_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    /// <summary>
    /// A fresh database. With <paramref name="asServiceRole"/> (PostgreSQL) it belongs to the owner role, which
    /// migrates it, and the service connects as the service role, as in a deployment; otherwise the service connects
    /// as the superuser that created it.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(Db provider, bool asServiceRole = false)
    {
        var name = "disputes_t_" + Guid.NewGuid().ToString("N")[..16];
        if (provider == Db.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), name + ".db");
            return new TestDatabase(provider, $"Data Source={path}", path);
        }
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            if (asServiceRole) await EnsureRolesAsync(admin);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"" + (asServiceRole ? $" OWNER {OwnerRole}" : ""), admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 100 };
        if (!asServiceRole) return new TestDatabase(provider, builder.ToString(), name);
        var service = new NpgsqlConnectionStringBuilder(builder.ToString()) { Username = ServiceRole, Password = null };
        var owner = new NpgsqlConnectionStringBuilder(builder.ToString()) { Username = OwnerRole, Password = null, MaxPoolSize = 10 };
        return new TestDatabase(provider, builder.ToString(), name, service.ToString(), owner.ToString());
    }

    /// <summary>The roles scripts/postgres.sh creates, in case the server was started another way (trust authentication on loopback).</summary>
    private static async Task EnsureRolesAsync(NpgsqlConnection admin)
    {
        const string Sql = $$"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{{OwnerRole}}') THEN CREATE ROLE {{OwnerRole}} LOGIN NOSUPERUSER NOCREATEROLE; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{{ServiceRole}}') THEN CREATE ROLE {{ServiceRole}} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT; END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$;
            """;
        await using var command = new NpgsqlCommand(Sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    public Dictionary<string, string?> Settings => ServiceConnectionString is null
        ? new()
        {
            ["Database:Provider"] = Provider == Db.PostgreSql ? "PostgreSql" : "Sqlite",
            ["ConnectionStrings:Disputes"] = ConnectionString,
        }
        : new()
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Disputes"] = ServiceConnectionString,
            ["ConnectionStrings:DisputesOwner"] = OwnerConnectionString,
        };

    public async ValueTask DisposeAsync()
    {
        if (Provider == Db.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(Name + suffix)) File.Delete(Name + suffix);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
