using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Disputes.Application.Compliance.Exports;

/// <summary>
/// Writes exported decisions as CSV (RFC 4180) or as a JSON array, row by row, flushing to the output every
/// <see cref="FlushEvery"/> rows: the first rows reach the client while later ones are still being read.
/// </summary>
public static class DecisionExportWriter
{
    public const int FlushEvery = 256;

    public static readonly IReadOnlyList<string> Columns =
    [
        "caseNumber", "complaintId", "decisionNumber", "stage", "status", "category", "outcomes", "clauses", "decidedBy", "decidedAt",
        "approvedBy", "approvedAt", "needsSecondApproval", "appealableUntil", "filedAt", "language", "complainantSide", "currency", "amountPaid",
    ];

    public static async Task WriteCsvAsync(IAsyncEnumerable<DecisionExportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(",", Columns));
        var n = 0;
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(",", new[]
            {
                r.CaseNumber, r.ComplaintId.ToString(), r.DecisionNumber.ToString(CultureInfo.InvariantCulture), r.Stage, r.Status, r.Category,
                string.Join(";", r.Outcomes), string.Join(";", r.Clauses), r.DecidedBy, Time(r.DecidedAt), r.ApprovedBy ?? "", Time(r.ApprovedAt),
                r.NeedsSecondApproval ? "true" : "false", Time(r.AppealableUntil), Time(r.FiledAt), r.Language, r.ComplainantSide, r.Currency,
                r.AmountPaid.ToString("0.00", CultureInfo.InvariantCulture),
            }.Select(Field)));
            if (++n % FlushEvery == 0) await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    public static async Task WriteJsonAsync(IAsyncEnumerable<DecisionExportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        var n = 0;
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("caseNumber", r.CaseNumber);
            json.WriteString("complaintId", r.ComplaintId);
            json.WriteNumber("decisionNumber", r.DecisionNumber);
            json.WriteString("stage", r.Stage);
            json.WriteString("status", r.Status);
            json.WriteString("category", r.Category);
            json.WriteStartArray("outcomes");
            foreach (var o in r.Outcomes) json.WriteStringValue(o);
            json.WriteEndArray();
            json.WriteStartArray("clauses");
            foreach (var c in r.Clauses) json.WriteStringValue(c);
            json.WriteEndArray();
            json.WriteString("decidedBy", r.DecidedBy);
            json.WriteString("decidedAt", r.DecidedAt);
            if (r.ApprovedBy is null) json.WriteNull("approvedBy"); else json.WriteString("approvedBy", r.ApprovedBy);
            if (r.ApprovedAt is { } a) json.WriteString("approvedAt", a); else json.WriteNull("approvedAt");
            json.WriteBoolean("needsSecondApproval", r.NeedsSecondApproval);
            if (r.AppealableUntil is { } u) json.WriteString("appealableUntil", u); else json.WriteNull("appealableUntil");
            json.WriteString("filedAt", r.FiledAt);
            json.WriteString("language", r.Language);
            json.WriteString("complainantSide", r.ComplainantSide);
            json.WriteString("currency", r.Currency);
            json.WriteNumber("amountPaid", r.AmountPaid);
            json.WriteEndObject();
            if (++n % FlushEvery == 0) await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    private static string Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quotes a field when needed; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
