using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Disputes.Persistence.Idempotency;

/// <summary>
/// One request sent with an <c>Idempotency-Key</c>, per user and key: a hash of the request, and once it has been
/// answered the answer (status, content type, ETag and Location, body). The row is first written without the
/// answer by the commit of the request's own database transaction (<see cref="IdempotencyMarkerInterceptor"/>), so
/// a change and the fact that it was made with this key commit together; the answer is added right after.
/// </summary>
public sealed class IdempotentRequestRow
{
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Null until the answer is kept.</summary>
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? ETag { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>The request being carried out under a key: written with the first commit of its transaction.</summary>
public sealed class PendingIdempotentRequest(string userId, string key, string requestHash, string method, string path, DateTimeOffset createdAt)
{
    public string UserId { get; } = userId;
    public string Key { get; } = key;
    public string RequestHash { get; } = requestHash;
    public string Method { get; } = method;
    public string Path { get; } = path;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>True once a commit of the request's transaction carried the row.</summary>
    public bool Committed { get; internal set; }

    internal bool Writing { get; set; }
}

/// <summary>A request with the same user and key committed first, while this one was running.</summary>
public sealed class IdempotencyKeyRaceException(string key, Exception inner)
    : Exception($"Another request with Idempotency-Key '{key}' was carried out at the same moment; this one changed nothing.", inner);

internal static class IdempotentRequestModel
{
    public const string Table = "idempotent_requests";

    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<IdempotentRequestRow>(e =>
    {
        e.ToTable(Table);
        e.HasKey(x => new { x.UserId, x.Key });
        e.Property(x => x.UserId).HasMaxLength(200);
        e.Property(x => x.Key).HasMaxLength(200);
        e.Property(x => x.RequestHash).HasMaxLength(64);
        e.Property(x => x.Method).HasMaxLength(10);
        e.Property(x => x.Path).HasMaxLength(500);
        e.Property(x => x.ContentType).HasMaxLength(200);
        e.Property(x => x.ETag).HasMaxLength(100);
        e.Property(x => x.Location).HasMaxLength(500);
        e.HasIndex(x => x.CreatedAt);
    });
}

/// <summary>
/// Writes the pending idempotent request of a <see cref="DisputesDbContext"/> into the transaction that is about to
/// commit (the first one that commits while the request runs), as one INSERT on the transaction's own connection.
/// If another request with the same user and key committed first, the INSERT fails, and with it the commit: this
/// request changes nothing.
/// </summary>
public sealed class IdempotencyMarkerInterceptor : DbTransactionInterceptor
{
    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is DisputesDbContext { PendingIdempotentRequest: { Committed: false } pending } db)
        {
            await using var command = InsertCommand(db, transaction, pending);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException ex) when (IsUniqueViolation(ex))
            {
                throw new IdempotencyKeyRaceException(pending.Key, ex);
            }
            pending.Writing = true;
        }
        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is DisputesDbContext { PendingIdempotentRequest: { Writing: true } pending })
        {
            pending.Writing = false;
            pending.Committed = true;
        }
        return Task.CompletedTask;
    }

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is DisputesDbContext { PendingIdempotentRequest: { } pending }) pending.Writing = false;
        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is DisputesDbContext { PendingIdempotentRequest: { } pending }) pending.Writing = false;
        return Task.CompletedTask;
    }

    private static bool IsUniqueViolation(DbException ex) => ex switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        _ => false,
    };

    /// <summary>The INSERT, with the names and value conversions of the model.</summary>
    private static DbCommand InsertCommand(DisputesDbContext db, DbTransaction transaction, PendingIdempotentRequest pending)
    {
        var entity = db.Model.FindEntityType(typeof(IdempotentRequestRow))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var values = new (string Property, object Value)[]
        {
            (nameof(IdempotentRequestRow.UserId), pending.UserId),
            (nameof(IdempotentRequestRow.Key), pending.Key),
            (nameof(IdempotentRequestRow.RequestHash), pending.RequestHash),
            (nameof(IdempotentRequestRow.Method), pending.Method),
            (nameof(IdempotentRequestRow.Path), pending.Path),
            (nameof(IdempotentRequestRow.CreatedAt), pending.CreatedAt),
        };
        var columns = new List<string>();
        var parameters = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            var property = entity.FindProperty(values[i].Property)!;
            // The mapping converts the value itself (SQLite keeps a DateTimeOffset as a number).
            var mapping = (Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)property.GetRelationalTypeMapping();
            columns.Add("\"" + property.GetColumnName(table) + "\"");
            parameters.Add("@p" + i);
            command.Parameters.Add(mapping.CreateParameter(command, "p" + i, values[i].Value));
        }
        var name = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        command.CommandText = $"INSERT INTO {name} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)})";
        return command;
    }
}
