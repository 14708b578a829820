using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Persistence;
using Disputes.Persistence.Compliance;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>
/// The compliance search by outcome kind and clause reads <c>case_decision_terms</c> (ADR 0011), which triggers on
/// <c>case_decisions</c> keep: on both providers every search gives exactly the rows and the total a filter of the
/// stored decisions gives, page after page, after decisions are added, revised, appealed and deleted, and after the
/// migration's backfill.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class DecisionTermsTests(Db provider)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Categories = ["damaged", "fraud", "other"];
    private static readonly string[][] Outcomes = [["full-refund"], ["partial-refund"], ["full-refund", "item-removal"], ["no-action"], ["order-cancellation", "full-refund"], ["account-suspension"]];
    private static readonly string[][] Clauses = [["BP-4.1"], ["BP-4.1", "BP-2.1"], ["BP-2.1"], ["BP-4"], ["BP-3.1", "BP-4.1"]];
    private static readonly string[] Deciders = ["rev-sam", "rev-kofi", "exp-maria"];

    /// <summary>Filters and their meaning over the stored lists (",a,b,"): each is searched and compared with the stored rows.</summary>
    private static readonly (string Query, Func<DecisionRow, bool> Matches)[] Searches =
    [
        ("outcome=full-refund", d => Has(d.OutcomeKinds, "full-refund")),
        ("outcome=full-refund&category=damaged", d => Has(d.OutcomeKinds, "full-refund") && d.Category == "damaged"),
        ("outcome=item-removal&category=fraud", d => Has(d.OutcomeKinds, "item-removal") && d.Category == "fraud"),
        ("clause=BP-4.1", d => Has(d.Clauses, "BP-4.1")),
        ("clause=BP-4", d => Has(d.Clauses, "BP-4")),
        ("clause=BP-2.1&category=other", d => Has(d.Clauses, "BP-2.1") && d.Category == "other"),
        ("outcome=full-refund&clause=BP-4.1", d => Has(d.OutcomeKinds, "full-refund") && Has(d.Clauses, "BP-4.1")),
        ("outcome=full-refund&decidedBy=rev-sam", d => Has(d.OutcomeKinds, "full-refund") && d.DecidedBy == "rev-sam"),
        ($"outcome=partial-refund&from={Iso(Start.AddHours(10))}&to={Iso(Start.AddHours(40))}",
            d => Has(d.OutcomeKinds, "partial-refund") && d.DecidedAt >= Start.AddHours(10) && d.DecidedAt < Start.AddHours(40)),
        ($"category=damaged&outcome=full-refund&clause=BP-4.1&decidedBy=exp-maria&from={Iso(Start)}&to={Iso(Start.AddHours(50))}",
            d => d.Category == "damaged" && Has(d.OutcomeKinds, "full-refund") && Has(d.Clauses, "BP-4.1") && d.DecidedBy == "exp-maria" && d.DecidedAt >= Start && d.DecidedAt < Start.AddHours(50)),
        ("category=fraud", d => d.Category == "fraud"),
        ("outcome=law-enforcement-referral", _ => false),
    ];

    private static bool Has(string list, string value) => list.Contains("," + value + ",", StringComparison.Ordinal);

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    /// <summary>60 decisions of 40 cases with a spread of kinds, clauses, categories and deciders; several share a time.</summary>
    private static List<DecisionRow> Seed()
    {
        var rows = new List<DecisionRow>();
        for (var i = 0; i < 60; i++)
        {
            var complaint = i % 40;
            rows.Add(new DecisionRow
            {
                ComplaintId = new Guid(complaint + 1, 7, 7, new byte[8]), Number = i / 40 + 1, CaseNumber = $"C-{complaint:D8}",
                Category = Categories[i % 3], Language = "en", ComplainantSide = "buyer", BuyerId = "buyer-emma", SellerId = "seller-artshop", Currency = "EUR",
                AmountPaid = 100m, FiledAt = Start.AddDays(-3), Stage = i / 40 == 0 ? "Review" : "Appeal", Status = "Effective",
                OutcomeKinds = "," + string.Join(",", Outcomes[i % Outcomes.Length]) + ",", Clauses = "," + string.Join(",", Clauses[i % Clauses.Length]) + ",",
                DecidedBy = Deciders[i % Deciders.Length],
                // Every fourth pair shares its time: the order then falls back to the case number and the decision number.
                DecidedAt = Start.AddHours(i / 2),
            });
        }
        return rows;
    }

    /// <summary>Every page of a search (pageSize 4) against the stored rows filtered and ordered as the search promises.</summary>
    private static async Task AssertSearchesMatchAsync(TestApp app, string when)
    {
        var stored = await app.WithDbAsync(db => db.Decisions.AsNoTracking().ToListAsync());
        var compliance = app.ClientAs("comp-lena");
        foreach (var (query, matches) in Searches)
        {
            var expected = stored.Where(matches).OrderByDescending(d => d.DecidedAt).ThenBy(d => d.CaseNumber, StringComparer.Ordinal).ThenBy(d => d.Number)
                .Select(d => $"{d.CaseNumber}/{d.Number}").ToList();
            var found = new List<string>();
            for (var page = 1; ; page++)
            {
                var result = (await compliance.GetFromJsonAsync<JsonObject>($"/api/compliance/decisions?{query}&page={page}&pageSize=4"))!;
                Assert.That(result["total"]!.GetValue<int>(), Is.EqualTo(expected.Count), $"{when}: total of {query}");
                var items = result["items"]!.AsArray();
                found.AddRange(items.Select(i => $"{i!["caseNumber"]!.GetValue<string>()}/{i["number"]!.GetValue<int>()}"));
                if (items.Count < 4) break;
            }
            Assert.That(found, Is.EqualTo(expected), $"{when}: rows of {query}");

            // The same by key: each page continues after the previous page's last decision ('next'), none after the last.
            var byKey = new List<string>();
            string? after = null;
            do
            {
                var result = (await compliance.GetFromJsonAsync<JsonObject>($"/api/compliance/decisions?{query}&pageSize=4" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))))!;
                Assert.That(result["total"]!.GetValue<int>(), Is.EqualTo(expected.Count), $"{when}: total of {query} by key");
                byKey.AddRange(result["items"]!.AsArray().Select(i => $"{i!["caseNumber"]!.GetValue<string>()}/{i["number"]!.GetValue<int>()}"));
                after = result["next"]?.GetValue<string>();
            }
            while (after is not null && byKey.Count <= expected.Count);
            Assert.That(byKey, Is.EqualTo(expected), $"{when}: rows of {query} by key");
        }
    }

    /// <summary>The terms table equals the terms of the stored decisions, row for row.</summary>
    private static async Task AssertTermsExactAsync(TestApp app, string when)
    {
        var (stored, terms) = await app.WithDbAsync(async db => (await db.Decisions.AsNoTracking().ToListAsync(), await db.Set<DecisionTermRow>().AsNoTracking().ToListAsync()));
        var expected = stored.SelectMany(d =>
                d.OutcomeKinds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => (DecisionTerms.Outcome, v))
                    .Concat(d.Clauses.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => (DecisionTerms.Clause, v)))
                    .Distinct().Select(t => $"{d.ComplaintId}/{d.Number}/{t.Item1}/{t.v}/{d.Category}/{d.DecidedAt.UtcTicks}/{d.CaseNumber}"))
            .Order(StringComparer.Ordinal).ToList();
        var actual = terms.Select(t => $"{t.ComplaintId}/{t.Number}/{t.Facet}/{t.Value}/{t.Category}/{t.DecidedAt.UtcTicks}/{t.CaseNumber}").Order(StringComparer.Ordinal).ToList();
        Assert.That(actual, Is.EqualTo(expected), when);
    }

    [Test, CancelAfter(180_000)]
    public async Task Searches_by_outcome_and_clause_give_exactly_the_stored_rows_and_totals_as_decisions_change()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        await app.WithDbAsync(async db => { db.Decisions.AddRange(Seed()); return await db.SaveChangesAsync(); });
        await AssertTermsExactAsync(app, "after the insert");
        await AssertSearchesMatchAsync(app, "after the insert");

        // A revision of outcomes and clauses, a status change alone (an appeal confirms), a new category and time, a deletion.
        await app.WithDbAsync(async db =>
        {
            var rows = await db.Decisions.OrderBy(d => d.CaseNumber).ThenBy(d => d.Number).ToListAsync();
            rows[0].OutcomeKinds = ",item-removal,"; rows[0].Clauses = ",BP-2.1,";
            rows[1].Status = "Confirmed";
            rows[2].Category = "other"; rows[2].DecidedAt = Start.AddDays(5);
            rows[3].OutcomeKinds = ","; rows[3].Clauses = ",";
            db.Decisions.Remove(rows[4]);
            return await db.SaveChangesAsync();
        });
        await AssertTermsExactAsync(app, "after the changes");
        await AssertSearchesMatchAsync(app, "after the changes");

        // The same by SQL past the service (as an operator might): the triggers keep the terms whatever writes the rows.
        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE case_decisions SET \"OutcomeKinds\" = ',no-action,full-refund,' WHERE \"Category\" = 'fraud'");
            return await db.Database.ExecuteSqlRawAsync("DELETE FROM case_decisions WHERE \"DecidedBy\" = 'rev-kofi' AND \"Category\" = 'damaged'");
        });
        await AssertTermsExactAsync(app, "after SQL");
        await AssertSearchesMatchAsync(app, "after SQL");
    }

    private static Complaint Case(int n, DateTimeOffset filed)
    {
        var order = new Order($"DT-{n}", $"buyer-d{n}", $"seller-d{n}", "EUR", filed.AddDays(-5), filed.AddDays(-5), filed.AddDays(-2), null, 5m,
            [new OrderItem($"DT-{n}-1", $"L-{n}", "Item", 100m)]);
        return Complaint.File(Guid.CreateVersion7(filed), order, [$"DT-{n}-1"], ComplaintCategory.Damaged, "What happened.", "en", order.BuyerId,
            new ChannelRecommendation(ContactChannel.Email, "item-problem", []), [], filed);
    }

    [Test, CancelAfter(180_000)]
    public async Task A_decision_reversed_on_appeal_is_found_by_its_own_outcomes_and_the_revision_by_the_new_ones()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        var filed = new DateTimeOffset(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);
        var reversed = Case(1, filed);
        var confirmed = Case(2, filed.AddHours(1));
        foreach (var c in new[] { reversed, confirmed })
        {
            var d = c.Decide(new DecisionDraft([new Outcome(OutcomeKind.PartialRefund, 20m, "EUR")], ["BP-4.1"], "Facts.", "Reasons."), DecisionStage.Review, "rev-sam", filed.AddDays(1));
            c.MakeEffective(d, filed.AddMonths(1), filed.AddDays(1));
        }
        async Task SaveAsync(Complaint c, bool add)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IComplaintRepository>();
            if (add) store.Add(c);
            else
            {
                // As a use case does: load, change, save (the repository updates the decision rows).
                var loaded = (await store.FindAsync(c.Id, CancellationToken.None))!;
                loaded.Appeal(loaded.SellerId, "I disagree.", filed.AddDays(3));
                var reverse = c == reversed;
                loaded.DecideAppeal(reverse ? new DecisionDraft([new Outcome(OutcomeKind.FullRefund)], ["BP-3.1"], "Facts.", "Reversed.") : null, reverse, "rev-kofi", "Appeal reasons.", ["BP-3.1"], filed.AddDays(6));
            }
            await store.SaveChangesAsync(CancellationToken.None);
        }
        await SaveAsync(reversed, add: true);
        await SaveAsync(confirmed, add: true);
        await AssertTermsExactAsync(app, "decided");
        await SaveAsync(reversed, add: false);
        await SaveAsync(confirmed, add: false);
        await AssertTermsExactAsync(app, "appealed");

        var stored = await app.WithDbAsync(db => db.Decisions.AsNoTracking().OrderBy(d => d.CaseNumber).ThenBy(d => d.Number).ToListAsync());
        Assert.That(stored.Select(d => (d.CaseNumber == reversed.Number, d.Number, d.Stage, d.Status)), Is.EquivalentTo(new[]
        {
            (true, 1, "Review", "Reversed"), (true, 2, "Appeal", "Effective"), (false, 1, "Review", "Confirmed"), (false, 2, "Appeal", "Confirmed"),
        }));
        var compliance = app.ClientAs("comp-lena");
        async Task<List<(string Case, int Number, string Status)>> SearchAsync(string query) =>
            (await compliance.GetFromJsonAsync<JsonObject>($"/api/compliance/decisions?{query}"))!["items"]!.AsArray()
            .Select(i => (i!["caseNumber"]!.GetValue<string>(), i["number"]!.GetValue<int>(), i["status"]!.GetValue<string>())).ToList();
        Assert.That(await SearchAsync("outcome=full-refund"), Is.EqualTo(new[] { (reversed.Number, 2, "Effective") }), "only the revision refunds in full");
        Assert.That((await SearchAsync("outcome=partial-refund")).Select(h => (h.Case, h.Number, h.Status)), Is.EquivalentTo(new[]
        {
            (reversed.Number, 1, "Reversed"), (confirmed.Number, 1, "Confirmed"), (confirmed.Number, 2, "Confirmed"),
        }), "the reversed decision keeps its own outcomes; a confirmation repeats the outcomes under appeal");
        var byClause = await SearchAsync("clause=BP-3.1");
        Assert.That(byClause.Select(h => h.Case), NUnit.Framework.Has.Member(reversed.Number), "the revision cites BP-3.1");
        Assert.That(byClause.Count, Is.EqualTo(stored.Count(d => Has(d.Clauses, "BP-3.1"))));
    }

    [Test, CancelAfter(120_000)]
    public async Task A_key_that_is_not_a_next_value_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        foreach (var after in new[] { "x", "1.2", "-5.1.C-1", "99999999999999999999.1.C-1", "1.1." })
        {
            using var response = await app.ClientAs("comp-lena").GetAsync($"/api/compliance/decisions?outcome=full-refund&after={Uri.EscapeDataString(after)}");
            Assert.That((int)response.StatusCode, Is.EqualTo(422), after);
            Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["after"], Is.Not.Null, after);
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task Odd_search_input_matches_whole_values_only_and_control_characters_are_refused_with_problem_details()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        await app.WithDbAsync(async db => { db.Decisions.AddRange(Seed()); return await db.SaveChangesAsync(); });
        var compliance = app.ClientAs("comp-lena");

        // No wildcards, no list syntax, no case folding: a clause is matched whole, on both providers alike.
        foreach (var clause in new[] { "BP-4%", "BP-4_1", "%", "_", "BP-4.1,BP-2.1", ",BP-4.1,", "bp-4.1", "BP-4.1'--", "\"BP-4.1\"", "BP-4.1\\", new string('x', 5000), "ü😀" })
        {
            using var response = await compliance.GetAsync($"/api/compliance/decisions?clause={Uri.EscapeDataString(clause)}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), clause);
            Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["total"]!.GetValue<int>(), Is.Zero, clause);
        }
        using (var spaced = await compliance.GetAsync("/api/compliance/decisions?clause=%20BP-4.1%20"))
            Assert.That((await spaced.Content.ReadFromJsonAsync<JsonObject>())!["total"]!.GetValue<int>(), Is.EqualTo(Seed().Count(d => Has(d.Clauses, "BP-4.1"))), "surrounding spaces are trimmed");

        // A NUL (which PostgreSQL cannot even take as a parameter) or another control character: problem details naming the field, never a 500.
        foreach (var (name, value) in new[] { ("clause", "BP-4.1\0"), ("decidedBy", "rev-sam\0"), ("outcome", "full-refund\0"), ("category", "\u0001"), ("clause", "\u001b[2J") })
        {
            using var response = await compliance.GetAsync($"/api/compliance/decisions?{name}={Uri.EscapeDataString(value)}");
            Assert.That((int)response.StatusCode, Is.EqualTo(422), $"{name}={Uri.EscapeDataString(value)}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![name], Is.Not.Null, name);
        }
        using var export = await compliance.GetAsync($"/api/compliance/exports/decisions?format=csv&clause={Uri.EscapeDataString("BP-4.1\0")}");
        Assert.That((int)export.StatusCode, Is.EqualTo(422), "the export refuses it too");
    }

    [Test, CancelAfter(180_000)]
    public async Task The_migration_fills_the_terms_of_the_decisions_stored_before_it()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(database);
        await app.WithDbAsync(async db => { db.Decisions.AddRange(Seed()); return await db.SaveChangesAsync(); });

        // Back to the migration before the terms (the table and its triggers go), decisions stored meanwhile, then forward again.
        DisputesDbContext Owner() => provider == Db.PostgreSql
            ? new PostgresDisputesDbContext(new DbContextOptionsBuilder<PostgresDisputesDbContext>().UseNpgsql(database.ConnectionString).Options)
            : new SqliteDisputesDbContext(new DbContextOptionsBuilder<SqliteDisputesDbContext>().UseSqlite(database.ConnectionString).Options);
        await using (var db = Owner())
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var terms = migrations.FindIndex(m => m.EndsWith("_DecisionTerms", StringComparison.Ordinal));
            Assert.That(terms, Is.GreaterThan(0));
            await migrator.MigrateAsync(migrations[terms - 1]);
            await db.Database.ExecuteSqlRawAsync("UPDATE case_decisions SET \"Clauses\" = ',BP-9.9,BP-4.1,' WHERE \"Category\" = 'other'");
            await migrator.MigrateAsync();
        }
        await AssertTermsExactAsync(app, "after the backfill");
        await AssertSearchesMatchAsync(app, "after the backfill");
        Assert.That(await app.WithDbAsync(db => db.Set<DecisionTermRow>().CountAsync(t => t.Value == "BP-9.9")), Is.EqualTo(Seed().Count(d => d.Category == "other")));

        // The triggers are back as well.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE case_decisions SET \"OutcomeKinds\" = ',item-removal,' WHERE \"Number\" = 2"));
        await AssertTermsExactAsync(app, "after the backfill and an update");
    }
}
