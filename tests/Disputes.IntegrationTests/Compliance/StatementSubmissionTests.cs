using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;
using Disputes.Persistence.Compliance;
using Disputes.Web.Compliance;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>Statements of reasons on PostgreSQL: issued with the decision, shown to the affected party in their
/// language, submitted in batches of at most 100, re-sent only when not accepted with 201, refusals kept and shown.</summary>
[TestFixture]
public class StatementSubmissionTests
{
    [Test]
    public async Task A_listing_removal_gives_the_seller_a_statement_in_french_and_the_job_submits_it_to_the_local_sink()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database);
        var driver = new CaseFlowDriver(app);
        var id = await driver.CounterfeitRemovedAsync();

        var mine = await app.ClientAs("seller-pierre").GetFromJsonAsync<JsonArray>($"/api/complaints/{id}/statements");
        Assert.That(mine, Has.Count.EqualTo(1));
        var statement = mine![0]!["statement"]!;
        Assert.That(statement["language"]!.GetValue<string>(), Is.EqualTo("fr"));
        Assert.That(statement["title"]!.GetValue<string>(), Is.EqualTo("Exposé des motifs"));
        var text = statement["text"]!.GetValue<string>();
        Assert.That(text, Does.Contain("Retrait de l'annonce").And.Contain("Champ territorial").And.Contain("The stitching and the serial number")
            .And.Contain("Aucun moyen automatisé").And.Contain("Fondement juridique").And.Contain("Appeals Centre Europe").And.Contain("tribunaux"));
        Assert.That(await app.ClientAs("buyer-chloe").GetFromJsonAsync<JsonArray>($"/api/complaints/{id}/statements"), Is.Empty, "the buyer is not the affected party");
        var german = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonArray>($"/api/complaints/{id}/statements?language=de");
        Assert.That(german![0]!["statement"]!["title"]!.GetValue<string>(), Is.EqualTo("Begründung"));

        var run = await app.SendAsync(new SubmitStatements());
        Assert.That((run.Sent, run.Accepted, run.Refused, run.Invalid), Is.EqualTo((1, 1, 0, 0)));
        Assert.That((await app.SendAsync(new SubmitStatements())).Sent, Is.EqualTo(0), "accepted statements are never sent again");
        var sink = await app.ClientAs("admin-ops").GetFromJsonAsync<JsonObject>("/api/local/dsa-statements");
        var received = sink!["items"]!.AsArray().Single()!;
        Assert.That(received["puid"]!.GetValue<string>(), Does.StartWith($"dsp-{id:N}-d1-item-removal"));
        Assert.That(received["statement"]!["decision_visibility"]![0]!.GetValue<string>(), Is.EqualTo("DECISION_VISIBILITY_CONTENT_REMOVED"));
        var listed = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=accepted");
        Assert.That(listed!["total"]!.GetValue<int>(), Is.EqualTo(1));
        TestContext.Out.WriteLine(received["statement"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        var noToken = await anonymous.PostAsJsonAsync(DsaHttpClient.LocalSinkPath + "/statements", new { statements = new[] { StatementSamples.ValidDsa("x-1") } });
        Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the sink wants the configured bearer token");
    }

    /// <summary>Plays the Transparency Database: answers each batch with the next status of the script.</summary>
    private sealed class ScriptedDatabase : HttpMessageHandler
    {
        public ConcurrentQueue<int> Statuses { get; } = new();
        public List<(string? Authorization, string Url, List<string> Puids)> Requests { get; } = [];

        /// <summary>Puids the database already holds (their answer was lost on our side).</summary>
        public HashSet<string> Known { get; } = [];
        public List<string> Lookups { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                var puid = request.RequestUri!.Segments[^1];
                lock (Lookups) Lookups.Add(puid);
                return new HttpResponseMessage(Known.Contains(puid) ? HttpStatusCode.Redirect : HttpStatusCode.NotFound);
            }
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            lock (Requests) Requests.Add((request.Headers.Authorization?.ToString(), request.RequestUri!.ToString(), body["statements"]!.AsArray().Select(s => s!["puid"]!.GetValue<string>()).ToList()));
            var status = Statuses.TryDequeue(out var s) ? s : 201;
            var answer = status == 201 ? "{\"statements\":[]}" : "{\"message\":\"The given data was invalid.\",\"errors\":{\"statement_3.puid\":[\"The puid has already been taken.\"]}}";
            return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(answer, System.Text.Encoding.UTF8, "application/json") };
        }
    }

    [Test]
    public async Task Batches_hold_at_most_100_and_only_statements_not_accepted_with_201_are_sent_again_with_their_refusals_kept()
    {
        var database = new ScriptedDatabase();
        database.Statuses.Enqueue(201);
        database.Statuses.Enqueue(422);
        await using var db = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(db,
            services: s => s.AddHttpClient(DsaHttpClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => database),
            settings: new() { ["Dsa:Endpoint"] = "https://transparency.example/api/v1", ["Dsa:Token"] = "platform-token-1", ["Dsa:RetryDelay"] = "00:05:00" });
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async context =>
        {
            for (var i = 0; i < 150; i++)
            {
                context.Statements.Add(new StatementRow
                {
                    Id = Guid.CreateVersion7(now.AddMilliseconds(i)), Puid = $"sample-{i:D3}", ComplaintId = Guid.NewGuid(), DecisionNumber = 1, Restriction = "item-removal",
                    AffectedAccountId = "seller-pierre", Language = "fr", IssuedAt = now, Content = "{}", Payload = StatementSamples.ValidDsa($"sample-{i:D3}").ToJsonString(),
                    Status = StatementStatus.Pending, NextAttemptAt = now.AddSeconds(-1).AddMilliseconds(i),
                });
            }
            // One our own check refuses, and one the database already has although our record says it was refused.
            var broken = StatementSamples.ValidDsa("broken-1");
            broken.Remove("decision_ground");
            context.Statements.Add(new StatementRow
            {
                Id = Guid.CreateVersion7(now.AddSeconds(1)), Puid = "broken-1", ComplaintId = Guid.NewGuid(), DecisionNumber = 1, Restriction = "item-removal",
                AffectedAccountId = "seller-pierre", Language = "fr", IssuedAt = now, Content = "{}", Payload = broken.ToJsonString(), Status = StatementStatus.Pending,
                NextAttemptAt = now.AddMilliseconds(-1),
            });
            context.Statements.Add(new StatementRow
            {
                Id = Guid.CreateVersion7(now.AddSeconds(2)), Puid = "lost-1", ComplaintId = Guid.NewGuid(), DecisionNumber = 1, Restriction = "item-removal",
                AffectedAccountId = "seller-pierre", Language = "fr", IssuedAt = now, Content = "{}", Payload = StatementSamples.ValidDsa("lost-1").ToJsonString(),
                Status = StatementStatus.Refused, Attempts = 1, NextAttemptAt = now,
            });
            return await context.SaveChangesAsync();
        });
        database.Known.Add("lost-1");

        var first = await app.SendAsync(new SubmitStatements());
        Assert.That((first.Batches, first.Accepted, first.Refused, first.Invalid), Is.EqualTo((2, 101, 50, 1)));
        Assert.That(database.Requests.SelectMany(r => r.Puids), Does.Not.Contain("broken-1").And.Not.Contain("lost-1"));
        Assert.That(database.Lookups, Is.EqualTo(new[] { "lost-1" }), "only a statement sent before is looked up");
        var invalid = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=invalid");
        Assert.That(invalid!["items"]![0]!["lastError"]!.GetValue<string>(), Does.Contain("decision_ground: is required"));
        Assert.That(database.Requests.Select(r => r.Puids.Count), Is.EqualTo(new[] { 100, 50 }));
        Assert.That(database.Requests.All(r => r.Authorization == "Bearer platform-token-1" && r.Url == "https://transparency.example/api/v1/statements"));
        var refusedPuids = database.Requests[1].Puids;

        var refused = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=refused&pageSize=200");
        Assert.That(refused!["total"]!.GetValue<int>(), Is.EqualTo(50));
        var shown = refused["items"]![0]!;
        Assert.That(shown["lastError"]!.GetValue<string>(), Does.StartWith("HTTP 422"));
        Assert.That(shown["submissions"]![0]!["httpStatus"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(shown["submissions"]![0]!["response"]!.GetValue<string>(), Does.Contain("already been taken"));

        Assert.That((await app.SendAsync(new SubmitStatements())).Sent, Is.EqualTo(0), "a refusal waits for its retry delay");
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var retry = await app.SendAsync(new SubmitStatements());
        Assert.That((retry.Sent, retry.Accepted), Is.EqualTo((50, 50)));
        Assert.That(database.Requests[2].Puids, Is.EquivalentTo(refusedPuids), "only what was not accepted is sent again");
        Assert.That((await app.SendAsync(new SubmitStatements())).Sent, Is.EqualTo(0));

        var accepted = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=accepted&pageSize=200");
        Assert.That(accepted!["total"]!.GetValue<int>(), Is.EqualTo(151));
        var once = accepted["items"]!.AsArray().First(s => s!["puid"]!.GetValue<string>() == refusedPuids[0])!;
        Assert.That(once["submissions"]!.AsArray().Select(a => a!["httpStatus"]!.GetValue<int>()), Is.EqualTo(new[] { 422, 201 }), "the refusal stays on record");
    }
}
