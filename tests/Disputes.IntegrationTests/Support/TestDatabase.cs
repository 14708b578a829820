using Npgsql;

namespace Disputes.IntegrationTests.Support;

public enum Db { PostgreSql, Sqlite }

/// <summary>A fresh database per test fixture: a new PostgreSQL database on the server ./test.sh started, or a new SQLite file.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(Db provider, string connectionString, string name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
    }

    public Db Provider { get; }
    public string ConnectionString { get; }
    public string Name { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("DISPUTES_TEST_POSTGRES")
        ?? throw new InvalidOperationException("DISPUTES_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    public static async Task<TestDatabase> CreateAsync(Db provider)
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
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 100 };
        return new TestDatabase(provider, builder.ToString(), name);
    }

    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = Provider == Db.PostgreSql ? "PostgreSql" : "Sqlite",
        ["ConnectionStrings:Disputes"] = ConnectionString,
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
