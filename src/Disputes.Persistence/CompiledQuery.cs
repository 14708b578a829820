namespace Disputes.Persistence;

/// <summary>
/// A query compiled once (<c>EF.CompileAsyncQuery</c>) for each provider: a compiled query keeps the plan of the first
/// context it runs on, so PostgreSQL and SQLite contexts in one process (the tests run both) each get their own.
/// </summary>
internal sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : Delegate
{
    private readonly Lazy<TQuery> postgres = new(compile);
    private readonly Lazy<TQuery> sqlite = new(compile);

    public TQuery For(DisputesDbContext db) => db.IsPostgres ? postgres.Value : sqlite.Value;
}
