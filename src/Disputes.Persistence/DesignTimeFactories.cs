using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Disputes.Persistence;

// Used by `dotnet ef migrations add` only. The connection strings are never opened.

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDisputesDbContext>
{
    public PostgresDisputesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDisputesDbContext>().UseNpgsql("Host=localhost;Database=disputes_design").Options);
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDisputesDbContext>
{
    public SqliteDisputesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDisputesDbContext>().UseSqlite("Data Source=design.db").Options);
}
