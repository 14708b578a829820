namespace Disputes.Persistence;

/// <summary>The rows of a compiled query (<c>EF.CompileAsyncQuery</c>) that returns a sequence, as a list.</summary>
internal static class AsyncRows
{
    public static async Task<List<T>> ListAsync<T>(this IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken)) list.Add(row);
        return list;
    }
}
