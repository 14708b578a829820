using System.Diagnostics;
using Disputes.Application.Compliance.Audit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Disputes.Benchmarks;

/// <summary>
/// (i) The audit trail at size: the sealing lag of the entries the complaint walk wrote (from an entry's writing to the
/// commit of its signed tree head), the sealing rate of a backlog, and the time to verify a chain of a million entries
/// (hashes, links, signed tree heads, anchor and cross-check), all through the production code in the running service.
/// </summary>
public static class AuditScenario
{
    /// <summary>Waits until the sealer pump has sealed everything; then the lag percentiles of entries written since <paramref name="since"/>.</summary>
    public static async Task<(long Entries, double P50, double P99, double Max)> SealingLagAsync(string connectionString, DateTimeOffset since, TimeSpan timeout)
    {
        await WaitSealedAsync(connectionString, timeout);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag)
            FROM (SELECT extract(epoch FROM h."SealedAt" - e."At") * 1000 AS lag
                  FROM audit_entries e JOIN audit_tree_heads h ON e."Sequence" BETWEEN h."FirstSequence" AND h."LastSequence"
                  WHERE e."At" >= @since) lags
            """, connection);
        command.Parameters.AddWithValue("since", since.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2), reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3));
    }

    public static async Task WaitSealedAsync(string connectionString, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (await UnsealedAsync(connectionString) > 0)
        {
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException("The sealer did not seal every entry in time.");
            await Task.Delay(100);
        }
    }

    private static async Task<long> UnsealedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_entries WHERE \"Sequence\" IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Writes <paramref name="count"/> unsealed entries at once (binary COPY, as if that many actions had committed) and times the sealer pump sealing them.</summary>
    public static async Task<TimeSpan> SealBacklogAsync(string connectionString, int count)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var now = DateTimeOffset.UtcNow;
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY audit_entries (\"Id\", \"At\", \"Actor\", \"Role\", \"CaseId\", \"Action\", \"Data\", \"PreviousHash\", \"Hash\", \"TxId\", \"Ordinal\") FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < count; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync("system", NpgsqlDbType.Varchar);
                await writer.WriteNullAsync();
                await writer.WriteAsync("bench.backlog", NpgsqlDbType.Varchar);
                await writer.WriteAsync("{\"n\":" + i + "}", NpgsqlDbType.Text);
                await writer.WriteAsync("", NpgsqlDbType.Varchar);
                await writer.WriteAsync("", NpgsqlDbType.Varchar);
                await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
                await writer.WriteAsync((long)i, NpgsqlDbType.Bigint);
            }
            await writer.CompleteAsync();
        }
        var started = Stopwatch.GetTimestamp();
        await WaitSealedAsync(connectionString, TimeSpan.FromMinutes(30));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Extends the sealed chain to <paramref name="total"/> entries with binary COPY: entries hashed and linked as the
    /// sealer does, one tree head per 1,000 signed with the service's key, so that the chain verifies.
    /// </summary>
    public static async Task BulkLoadSealedAsync(IServiceProvider services, string connectionString, long total)
    {
        var signer = services.GetRequiredService<IAuditSigner>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        long sequence;
        string previous;
        long headNumber;
        string headHash;
        await using (var head = new NpgsqlCommand("""
            SELECT coalesce((SELECT max("Sequence") FROM audit_entries), 0), coalesce((SELECT "Hash" FROM audit_entries ORDER BY "Sequence" DESC NULLS LAST LIMIT 1), ''),
                   coalesce((SELECT max("Number") FROM audit_tree_heads), 0), coalesce((SELECT "HeadHash" FROM audit_tree_heads ORDER BY "Number" DESC LIMIT 1), '')
            """, connection))
        await using (var reader = await head.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            sequence = reader.GetInt64(0);
            previous = sequence == 0 ? AuditChain.Genesis : reader.GetString(1);
            headNumber = reader.GetInt64(2);
            headHash = headNumber == 0 ? AuditTreeHead.Genesis : reader.GetString(3);
        }
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection)) await replica.ExecuteNonQueryAsync();
        var heads = new List<AuditTreeHead>();
        var at = AuditChain.Normalize(DateTimeOffset.UtcNow.AddDays(-30));
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY audit_entries (\"Sequence\", \"Id\", \"At\", \"Actor\", \"Role\", \"CaseId\", \"Action\", \"Data\", \"PreviousHash\", \"Hash\", \"TxId\", \"Ordinal\") FROM STDIN (FORMAT BINARY)"))
        {
            var batch = new List<string>(1000);
            while (sequence < total)
            {
                var id = Guid.CreateVersion7(at);
                var data = "{\"n\":" + sequence + "}";
                var hash = AuditChain.Hash(id, at, "bench", "system", null, "bench.bulk", data, previous);
                await writer.StartRowAsync();
                await writer.WriteAsync(++sequence, NpgsqlDbType.Bigint);
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync("system", NpgsqlDbType.Varchar);
                await writer.WriteNullAsync();
                await writer.WriteAsync("bench.bulk", NpgsqlDbType.Varchar);
                await writer.WriteAsync(data, NpgsqlDbType.Text);
                await writer.WriteAsync(previous, NpgsqlDbType.Varchar);
                await writer.WriteAsync(hash, NpgsqlDbType.Varchar);
                await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
                await writer.WriteAsync(sequence, NpgsqlDbType.Bigint);
                previous = hash;
                batch.Add(hash);
                if (batch.Count == 1000 || sequence == total)
                {
                    var h = AuditTreeHead.Sign(signer, ++headNumber, sequence - batch.Count + 1, batch, headHash, at);
                    heads.Add(h);
                    headHash = h.HeadHash;
                    batch.Clear();
                }
            }
            await writer.CompleteAsync();
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY audit_tree_heads (\"Number\", \"FirstSequence\", \"LastSequence\", \"Size\", \"RootHash\", \"LastEntryHash\", \"PreviousHeadHash\", \"SealedAt\", \"KeyId\", \"Signature\", \"HeadHash\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var h in heads)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(h.Number, NpgsqlDbType.Bigint);
                await writer.WriteAsync(h.FirstSequence, NpgsqlDbType.Bigint);
                await writer.WriteAsync(h.LastSequence, NpgsqlDbType.Bigint);
                await writer.WriteAsync(h.Size, NpgsqlDbType.Integer);
                await writer.WriteAsync(h.RootHash, NpgsqlDbType.Varchar);
                await writer.WriteAsync(h.LastEntryHash, NpgsqlDbType.Varchar);
                await writer.WriteAsync(h.PreviousHeadHash, NpgsqlDbType.Varchar);
                await writer.WriteAsync(h.SealedAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(h.KeyId, NpgsqlDbType.Varchar);
                await writer.WriteAsync(h.Signature, NpgsqlDbType.Varchar);
                await writer.WriteAsync(h.HeadHash, NpgsqlDbType.Varchar);
            }
            await writer.CompleteAsync();
        }
        foreach (var table in new[] { "audit_entries", "audit_tree_heads" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Verifies the whole trail with the production use case; returns the time and the result.</summary>
    public static async Task<(TimeSpan Elapsed, AuditVerification Result)> VerifyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var started = Stopwatch.GetTimestamp();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new VerifyAuditTrail(null, null));
        return (Stopwatch.GetElapsedTime(started), result);
    }
}
