using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Exports;
using Disputes.Persistence.Rows;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>
/// Decision exports: filters, CSV and JSON, and streaming checked by behaviour (the first bytes leave before the
/// rows are all read; the response has no length and is chunked). Memory is measured by the benchmark, not here.
/// </summary>
[TestFixture]
public class DecisionExportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DecisionExportRow Row(int i) => new($"C-{i:D8}", Guid.NewGuid(), 1, "Review", "Effective", i % 3 == 0 ? "counterfeit" : "damaged",
        i % 2 == 0 ? ["full-refund"] : ["partial-refund", "item-removal"], ["BP-4.1"], "rev-sam", T0.AddMinutes(i), null, null, false, null, T0, "en", "buyer", "EUR", 10.5m);

    /// <summary>Rows made on demand, counting how many were taken.</summary>
    private sealed class CountingSource(int total)
    {
        public int Taken { get; private set; }

        public async IAsyncEnumerable<DecisionExportRow> Rows([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < total; i++)
            {
                await Task.Yield();
                Taken++;
                yield return Row(i);
            }
        }
    }

    /// <summary>Notes how many rows had been taken when the first bytes were written to it.</summary>
    private sealed class FirstWriteStream(Func<int> taken) : MemoryStream
    {
        public int? TakenAtFirstWrite { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) { TakenAtFirstWrite ??= taken(); base.Write(buffer, offset, count); }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { TakenAtFirstWrite ??= taken(); return base.WriteAsync(buffer, offset, count, cancellationToken); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { TakenAtFirstWrite ??= taken(); return base.WriteAsync(buffer, cancellationToken); }

        public override void Write(ReadOnlySpan<byte> buffer) { TakenAtFirstWrite ??= taken(); base.Write(buffer); }
    }

    [TestCase("csv")]
    [TestCase("json")]
    public async Task The_writer_sends_the_first_rows_before_it_has_read_them_all(string format)
    {
        const int total = 5_000;
        var source = new CountingSource(total);
        await using var output = new FirstWriteStream(() => source.Taken);
        if (format == "csv") await DecisionExportWriter.WriteCsvAsync(source.Rows(), output, CancellationToken.None);
        else await DecisionExportWriter.WriteJsonAsync(source.Rows(), output, CancellationToken.None);

        Assert.That(source.Taken, Is.EqualTo(total));
        Assert.That(output.TakenAtFirstWrite, Is.LessThanOrEqualTo(DecisionExportWriter.FlushEvery), "output starts after the first flush, not at the end");
        var text = Encoding.UTF8.GetString(output.ToArray());
        if (format == "csv") Assert.That(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(total + 1));
        else Assert.That(JsonNode.Parse(text)!.AsArray(), Has.Count.EqualTo(total));
    }

    [Test]
    public async Task Csv_fields_are_quoted_and_formulas_neutralised()
    {
        var row = Row(1) with { DecidedBy = "=HYPERLINK(\"x\")", Clauses = ["A,1", "B"] };
        await using var output = new MemoryStream();
        await DecisionExportWriter.WriteCsvAsync(new[] { row }.ToAsyncEnumerable(), output, CancellationToken.None);
        var line = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n")[1];
        Assert.That(line, Does.Contain("\"'=HYPERLINK(\"\"x\"\")\""));
        Assert.That(line, Does.Contain("\"A,1;B\""));
    }

    [Test]
    public async Task Compliance_exports_filtered_decisions_as_a_chunked_stream_in_csv_and_json()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database);
        const int total = 3_000;
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < total; i++)
            {
                db.Decisions.Add(new DecisionRow
                {
                    ComplaintId = Guid.NewGuid(), Number = 1, CaseNumber = $"C-{i:D8}", Category = i % 3 == 0 ? "counterfeit" : "damaged", Language = "nl",
                    ComplainantSide = "buyer", BuyerId = "buyer-secret-" + i, SellerId = "seller-secret-" + i, Currency = "EUR", AmountPaid = 25m, FiledAt = T0,
                    Stage = "Review", Status = "Effective", OutcomeKinds = i % 2 == 0 ? ",full-refund," : ",partial-refund,item-removal,", Clauses = ",BP-4.1,",
                    DecidedBy = i % 4 == 0 ? "rev-ines" : "rev-sam", DecidedAt = T0.AddMinutes(i),
                });
            }
            return await db.SaveChangesAsync();
        });
        var client = app.ClientAs("comp-lena");

        using (var response = await client.GetAsync("/api/compliance/exports/decisions?format=csv", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentLength, Is.Null, "not buffered to compute a length");
            Assert.That(response.Headers.TransferEncodingChunked, Is.True);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
            await using var body = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(body);
            Assert.That(await reader.ReadLineAsync(), Does.StartWith("caseNumber,complaintId,decisionNumber"));
            var lines = 0;
            var text = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line) { lines++; text.AppendLine(line); }
            Assert.That(lines, Is.EqualTo(total));
            Assert.That(text.ToString(), Does.Not.Contain("secret"), "no party identifiers in the export");
        }

        var from = Uri.EscapeDataString(T0.AddMinutes(1000).ToString("O"));
        var to = Uri.EscapeDataString(T0.AddMinutes(2000).ToString("O"));
        var json = JsonNode.Parse(await client.GetStringAsync($"/api/compliance/exports/decisions?format=json&from={from}&to={to}&category=counterfeit&outcome=item-removal"))!.AsArray();
        var expected = Enumerable.Range(1000, 1000).Count(i => i % 3 == 0 && i % 2 == 1);
        Assert.That(json, Has.Count.EqualTo(expected));
        Assert.That(json.All(r => r!["category"]!.GetValue<string>() == "counterfeit" && r["outcomes"]!.AsArray().Any(o => o!.GetValue<string>() == "item-removal")));

        var byDecider = (await client.GetStringAsync("/api/compliance/exports/decisions?decidedBy=rev-ines")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(byDecider, Has.Length.EqualTo(total / 4 + 1));

        var bad = await client.GetAsync("/api/compliance/exports/decisions?format=xml");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest).Or.EqualTo(HttpStatusCode.UnprocessableEntity));
    }
}
