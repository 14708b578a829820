using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// The hash chain: each entry's hash is SHA-256 over a canonical serialization of its content and the previous
/// entry's hash. The sequence number is where the entry is stored, not part of what it says: the chain itself (each
/// entry naming its predecessor's hash) is the order, so renumbering cannot hide an inserted entry.
/// </summary>
public static class AuditChain
{
    public const string Format = "disputes-audit/1";

    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// Timestamps are kept to the millisecond, UTC: both stores keep at least that (PostgreSQL microseconds; SQLite, as
    /// EF's binary DateTimeOffset encoding, 100 microseconds), so an entry read back hashes the same.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>The canonical text that is hashed: a JSON array of the fields in a fixed order, no whitespace.</summary>
    public static string Canonical(Guid id, DateTimeOffset at, string actor, string role, Guid? caseId, string action, string data, string previousHash) =>
        Encoding.UTF8.GetString(WriteCanonical(id, at, actor, role, caseId, action, data, previousHash));

    /// <summary>SHA-256 over the UTF-8 of <see cref="Canonical"/>, written into a reused buffer instead of a string.</summary>
    public static string Hash(Guid id, DateTimeOffset at, string actor, string role, Guid? caseId, string action, string data, string previousHash)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(WriteCanonical(id, at, actor, role, caseId, action, data, previousHash), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The canonical form's UTF-8, in this thread's buffer (valid until the next canonical form is written).</summary>
    private static ReadOnlySpan<byte> WriteCanonical(Guid id, DateTimeOffset at, string actor, string role, Guid? caseId, string action, string data, string previousHash)
    {
        var (buffer, writer) = Writer();
        writer.WriteStartArray();
        writer.WriteStringValue(Format);
        writer.WriteStringValue(id.ToString("D"));
        writer.WriteStringValue(Normalize(at).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteStringValue(actor);
        writer.WriteStringValue(role);
        writer.WriteStringValue(caseId?.ToString("D"));
        writer.WriteStringValue(action);
        writer.WriteStringValue(data);
        writer.WriteStringValue(previousHash);
        writer.WriteEndArray();
        writer.Flush();
        return buffer.WrittenSpan;
    }

    // One buffer and writer per thread for the canonical forms: an action writes several entries, the sealer hashes
    // thousands, and a fresh buffer grown to the size of each entry's data was most of what they allocated.
    [ThreadStatic] private static System.Buffers.ArrayBufferWriter<byte>? threadBuffer;
    [ThreadStatic] private static Utf8JsonWriter? threadWriter;

    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) Writer()
    {
        if (threadBuffer is not { } buffer || buffer.Capacity > 1024 * 1024) threadBuffer = buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        if (threadWriter is not { } writer) threadWriter = writer = new Utf8JsonWriter(buffer);
        else writer.Reset(buffer);
        return (buffer, writer);
    }

    public static string Hash(AuditRecord e) => Hash(e.Id, e.At, e.Actor, e.Role, e.CaseId, e.Action, e.Data, e.PreviousHash);

    /// <summary>
    /// Data as canonical JSON: object keys sorted (ordinal) at every level, no whitespace. Written straight from the
    /// nodes, without a sorted copy of them; the same text as the copy's <c>ToJsonString()</c>.
    /// </summary>
    public static string CanonicalData(JsonNode? data)
    {
        if (data is null) return "{}";
        var (buffer, writer) = Writer();
        WriteSorted(writer, data);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

/// <summary>What a finding is: an entry changed, deleted or inserted, or the trail cut short (truncated).</summary>
public enum AuditProblemKind { Changed, Deleted, Inserted, Truncated }

/// <summary>One finding, naming the entry (sequence and id) or the gap.</summary>
public sealed record AuditProblem(AuditProblemKind Kind, long Sequence, Guid? EntryId, string Message);

/// <param name="TreeHeads">Signed tree heads checked (signature, link to the previous head, Merkle root of the entries).</param>
/// <param name="Unsealed">Entries written but not sealed yet (the sealer runs in the background; not part of the check).</param>
/// <param name="Anchor">The anchor checked against, if any: the latest one in the anchor sink, or the one given.</param>
/// <param name="Cases">Cases and decisions cross-checked against the trail.</param>
public sealed record AuditVerification(
    bool Intact, DateTimeOffset? From, DateTimeOffset? To, long Checked, long? FirstSequence, long? LastSequence,
    string? LastHash, IReadOnlyList<AuditProblem> Problems, long TreeHeads = 0, long Unsealed = 0, AuditAnchorUsed? Anchor = null, long Cases = 0, long Decisions = 0);

/// <summary>The anchor a verification checked against: where it came from, what it names and when it was written.</summary>
public sealed record AuditAnchorUsed(string Source, long Sequence, string Hash, DateTimeOffset? At, long? Cases, long? Decisions);

/// <summary>
/// Walks entries in sequence order and names what does not fit:
/// <list type="bullet">
/// <item><b>changed</b>: an entry's content no longer gives its stored hash;</item>
/// <item><b>inserted</b>: an entry does not link to the entry before it, and the entry after it links past it (or it
/// claims to follow an entry further back);</item>
/// <item><b>deleted</b>: an entry links to a hash no remaining entry has (a gap in the sequence tells how many).</item>
/// </list>
/// A forged entry appended at the very end with a correct link cannot be told from a real one by any unkeyed chain:
/// compare the reported last hash with one noted earlier (an anchor) to catch that and a truncated tail.
/// </summary>
public static class AuditChainVerifier
{
    public static async Task<AuditVerification> VerifyAsync(
        IAsyncEnumerable<AuditRecord> entries, AuditRecord? predecessor,
        Func<string, CancellationToken, Task<AuditRecord?>> findByHash, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var problems = new List<AuditProblem>();
        var unexplained = new List<(AuditRecord Entry, AuditRecord? Before)>();
        var last = predecessor;
        long count = 0;
        long? first = null;
        AuditRecord? lastSeen = null;
        await using var e = entries.GetAsyncEnumerator(cancellationToken);
        var current = await e.MoveNextAsync() ? e.Current : null;
        while (current is not null)
        {
            var next = await e.MoveNextAsync() ? e.Current : null;
            count++;
            first ??= current.Sequence;
            lastSeen = current;
            if (AuditChain.Hash(current) != current.Hash)
                problems.Add(new AuditProblem(AuditProblemKind.Changed, current.Sequence, current.Id,
                    $"Entry #{current.Sequence} ({current.Id}, {current.Action}) was changed: its content no longer gives its hash."));

            var expected = last?.Hash ?? AuditChain.Genesis;
            if (current.PreviousHash == expected)
            {
                last = current;
            }
            else if (next is not null && next.PreviousHash == expected)
            {
                problems.Add(new AuditProblem(AuditProblemKind.Inserted, current.Sequence, current.Id,
                    $"Entry #{current.Sequence} ({current.Id}, {current.Action}) was inserted: it does not link to #{last?.Sequence ?? 0}, and the entry after it links past it."));
            }
            else if (last is not null && current.PreviousHash == last.PreviousHash)
            {
                // A fork: two entries claim the same predecessor. The one the chain goes on from is genuine.
                if (next is not null && next.PreviousHash == current.Hash)
                {
                    problems.Add(new AuditProblem(AuditProblemKind.Inserted, last.Sequence, last.Id,
                        $"Entry #{last.Sequence} ({last.Id}, {last.Action}) was inserted: #{current.Sequence} claims the same predecessor and the chain goes on from #{current.Sequence}."));
                    last = current;
                }
                else
                {
                    problems.Add(new AuditProblem(AuditProblemKind.Inserted, current.Sequence, current.Id,
                        $"Entry #{current.Sequence} ({current.Id}, {current.Action}) was inserted: it claims the same predecessor as #{last.Sequence}."));
                }
            }
            else
            {
                // Told apart after the walk (the lookup cannot run while entries stream): a link further back means an
                // inserted entry, a link to nothing a deleted one.
                unexplained.Add((current, last));
                last = current;
            }
            current = next;
        }
        foreach (var (entry, before) in unexplained)
        {
            if (entry.PreviousHash != AuditChain.Genesis && await findByHash(entry.PreviousHash, cancellationToken) is { } claimed && claimed.Sequence != before?.Sequence)
            {
                problems.Add(new AuditProblem(AuditProblemKind.Inserted, entry.Sequence, entry.Id,
                    $"Entry #{entry.Sequence} ({entry.Id}, {entry.Action}) was inserted: it claims to follow #{claimed.Sequence}, but #{before?.Sequence ?? 0} comes before it."));
                continue;
            }
            var gapFrom = (before?.Sequence ?? 0) + 1;
            var gapTo = entry.Sequence - 1;
            problems.Add(new AuditProblem(AuditProblemKind.Deleted, gapFrom, null, gapTo >= gapFrom
                ? $"Entries #{gapFrom} to #{gapTo} are missing (deleted): #{entry.Sequence} links to a hash no remaining entry has."
                : $"An entry before #{entry.Sequence} is missing (deleted), or #{before?.Sequence ?? 0} was rewritten with a recomputed hash: #{entry.Sequence} links to a hash no remaining entry has."));
        }
        problems.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return new AuditVerification(problems.Count == 0, from, to, count, first, lastSeen?.Sequence, lastSeen?.Hash, problems);
    }
}
