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

    /// <summary>
    /// Plays the Transparency Database: refuses with 422 a batch holding a puid it refuses or already has (like the
    /// real one, whole), answers the next scripted status when there is one, and can accept a batch and then lose the
    /// connection before its answer (a crash or an outage after the database took the statements).
    /// </summary>
    private sealed class ScriptedDatabase : HttpMessageHandler
    {
        public ConcurrentQueue<int> Statuses { get; } = new();
        public List<(string? Authorization, string Url, List<string> Puids)> Requests { get; } = [];

        /// <summary>Puids the database holds: those it accepted, and any a test says it has (their answer was lost on our side).</summary>
        public HashSet<string> Known { get; } = [];
        public HashSet<string> Refuses { get; } = [];
        public List<string> Lookups { get; } = [];

        /// <summary>Accept the next batch, then fail before the answer with this exception.</summary>
        public Exception? LoseNextAnswer { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                var puid = request.RequestUri!.Segments[^1];
                lock (Lookups) Lookups.Add(puid);
                return new HttpResponseMessage(Known.Contains(puid) ? HttpStatusCode.Redirect : HttpStatusCode.NotFound);
            }
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var puids = body["statements"]!.AsArray().Select(s => s!["puid"]!.GetValue<string>()).ToList();
            lock (Requests) Requests.Add((request.Headers.Authorization?.ToString(), request.RequestUri!.ToString(), puids));
            var status = Statuses.TryDequeue(out var scripted) ? scripted : puids.Any(p => Refuses.Contains(p) || Known.Contains(p)) ? 422 : 201;
            if (status == 201) Known.UnionWith(puids);
            if (LoseNextAnswer is { } lost)
            {
                LoseNextAnswer = null;
                throw lost;
            }
            var answer = status == 201 ? "{\"statements\":[]}" : "{\"message\":\"The given data was invalid.\",\"errors\":{\"statement_3.puid\":[\"The puid has already been taken.\"]}}";
            return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(answer, System.Text.Encoding.UTF8, "application/json") };
        }
    }

    private static async Task<TestApp> StartWithAsync(TestDatabase db, ScriptedDatabase database) =>
        await TestApp.StartAsync(db,
            services: s => s.AddHttpClient(DsaHttpClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => database),
            settings: new() { ["Dsa:Endpoint"] = "https://transparency.example/api/v1", ["Dsa:Token"] = "platform-token-1", ["Dsa:RetryDelay"] = "00:05:00" });

    private static StatementRow Pending(string puid, DateTimeOffset now, int i = 0) => new()
    {
        Id = Guid.CreateVersion7(now.AddMilliseconds(i)), Puid = puid, ComplaintId = Guid.NewGuid(), DecisionNumber = 1, Restriction = "item-removal",
        AffectedAccountId = "seller-pierre", Language = "fr", IssuedAt = now, Content = "{}", Payload = StatementSamples.ValidDsa(puid).ToJsonString(),
        Status = StatementStatus.Pending, NextAttemptAt = now.AddSeconds(-1).AddMilliseconds(i),
    };

    [Test]
    public async Task Batches_hold_at_most_100_a_refused_batch_is_split_to_find_the_statements_really_refused_and_only_those_are_sent_again()
    {
        var database = new ScriptedDatabase();
        database.Refuses.UnionWith(["sample-120", "sample-130"]);
        await using var db = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await StartWithAsync(db, database);
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async context =>
        {
            for (var i = 0; i < 150; i++) context.Statements.Add(Pending($"sample-{i:D3}", now, i));
            // One our own check refuses, and one the database already has although our record says it was refused.
            var broken = Pending("broken-1", now.AddSeconds(1));
            var payload = StatementSamples.ValidDsa("broken-1");
            payload.Remove("decision_ground");
            broken.Payload = payload.ToJsonString();
            context.Statements.Add(broken);
            var lost = Pending("lost-1", now.AddSeconds(2));
            lost.Status = StatementStatus.Refused;
            lost.Attempts = 1;
            lost.NextAttemptAt = now;
            context.Statements.Add(lost);
            return await context.SaveChangesAsync();
        });
        database.Known.Add("lost-1");

        var first = await app.SendAsync(new SubmitStatements());
        Assert.That((first.Accepted, first.Refused, first.Invalid), Is.EqualTo((149, 2, 1)));
        Assert.That(database.Requests.SelectMany(r => r.Puids), Does.Not.Contain("broken-1").And.Not.Contain("lost-1"));
        Assert.That(database.Requests.Take(2).Select(r => r.Puids.Count), Is.EqualTo(new[] { 100, 50 }), "at most 100 per batch");
        Assert.That(database.Requests.Skip(2).Select(r => r.Puids.Count), Is.All.LessThan(50), "the refused batch was sent again in parts");
        Assert.That(database.Lookups, Is.EquivalentTo(new[] { "lost-1", "sample-120", "sample-130" }), "a statement sent before, and a statement refused alone, are looked up");
        Assert.That(database.Known, Has.Count.EqualTo(149));
        var invalid = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=invalid");
        Assert.That(invalid!["items"]![0]!["lastError"]!.GetValue<string>(), Does.Contain("decision_ground: is required"));
        Assert.That(database.Requests.All(r => r.Authorization == "Bearer platform-token-1" && r.Url == "https://transparency.example/api/v1/statements"));

        var refused = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=refused&pageSize=200");
        Assert.That(refused!["items"]!.AsArray().Select(i => i!["puid"]!.GetValue<string>()), Is.EquivalentTo(new[] { "sample-120", "sample-130" }));
        var shown = refused["items"]![0]!;
        Assert.That(shown["lastError"]!.GetValue<string>(), Does.StartWith("HTTP 422"));
        Assert.That(shown["submissions"]!.AsArray().Select(a => a!["httpStatus"]!.GetValue<int>()), Is.All.EqualTo(422));
        Assert.That(shown["submissions"]![0]!["response"]!.GetValue<string>(), Does.Contain("already been taken"));

        Assert.That((await app.SendAsync(new SubmitStatements())).Sent, Is.EqualTo(0), "a refusal waits for its retry delay");
        // The database is down at the next try: a 503 is not the statements' fault, and the batch is not split.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        database.Statuses.Enqueue(503);
        var down = await app.SendAsync(new SubmitStatements());
        Assert.That((down.Batches, down.Sent, down.Refused), Is.EqualTo((1, 2, 2)));

        database.Refuses.Clear();
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var retry = await app.SendAsync(new SubmitStatements());
        Assert.That((retry.Sent, retry.Accepted), Is.EqualTo((2, 2)));
        Assert.That(database.Requests[^1].Puids, Is.EquivalentTo(new[] { "sample-120", "sample-130" }), "only what was not accepted is sent again");
        Assert.That((await app.SendAsync(new SubmitStatements())).Sent, Is.EqualTo(0));

        var accepted = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=accepted&pageSize=200");
        Assert.That(accepted!["total"]!.GetValue<int>(), Is.EqualTo(151));
        var once = accepted["items"]!.AsArray().First(s => s!["puid"]!.GetValue<string>() == "sample-120")!;
        Assert.That(once["submissions"]!.AsArray().Select(a => a!["httpStatus"]!.GetValue<int>()).Last(), Is.EqualTo(201), "the refusals stay on record");
        Assert.That(once["submissions"]!.AsArray().Select(a => a!["httpStatus"]!.GetValue<int>()), Does.Contain(422).And.Contain(503));
    }

    [Test]
    public async Task A_submission_interrupted_after_the_database_accepted_is_looked_up_by_puid_and_never_sent_twice()
    {
        var database = new ScriptedDatabase();
        await using var db = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await StartWithAsync(db, database);
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async context =>
        {
            for (var i = 0; i < 56; i++) context.Statements.Add(Pending($"first-{i:D3}", now, i));
            return await context.SaveChangesAsync();
        });

        // The database takes the batch, and the service dies before the answer arrives (here: the run fails).
        database.LoseNextAnswer = new IOException("The process was killed while reading the answer.");
        Assert.That(async () => await app.SendAsync(new SubmitStatements()), Throws.InstanceOf<IOException>());
        Assert.That(database.Known, Has.Count.EqualTo(56));
        var sending = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/statements?status=pending&pageSize=200");
        Assert.That(sending!["total"]!.GetValue<int>(), Is.EqualTo(56), "no answer: still pending");
        Assert.That(sending["items"]![0]!["submissions"]![0]!["response"]!.GetValue<string>(), Does.Contain("no answer recorded"), "but the attempt was recorded before sending");

        // 44 new statements join them before the next run: the batch would mix 56 the database has with 44 new ones.
        await app.WithDbAsync(async context =>
        {
            for (var i = 0; i < 44; i++) context.Statements.Add(Pending($"second-{i:D3}", now, 100 + i));
            return await context.SaveChangesAsync();
        });
        var next = await app.SendAsync(new SubmitStatements());
        Assert.That((next.Batches, next.Sent, next.Accepted, next.Refused), Is.EqualTo((1, 44, 100, 0)));
        Assert.That(database.Lookups, Has.Count.EqualTo(56), "every statement without an answer was looked up");
        Assert.That(database.Requests[^1].Puids, Has.Count.EqualTo(44).And.All.StartWith("second-"));
        Assert.That(database.Requests.SelectMany(r => r.Puids).GroupBy(p => p).Where(g => g.Count() > 1), Is.Empty, "no statement sent twice");

        // An answer lost to a timeout: the attempt is refused for now, and found by puid at the next try.
        await app.WithDbAsync(async context =>
        {
            context.Statements.Add(Pending("third-000", now, 200));
            return await context.SaveChangesAsync();
        });
        database.LoseNextAnswer = new HttpRequestException("The connection was reset.");
        var timedOut = await app.SendAsync(new SubmitStatements());
        Assert.That((timedOut.Sent, timedOut.Refused), Is.EqualTo((1, 1)));
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var found = await app.SendAsync(new SubmitStatements());
        Assert.That((found.Sent, found.Accepted), Is.EqualTo((0, 1)));
        Assert.That(database.Requests.SelectMany(r => r.Puids).Count(p => p == "third-000"), Is.EqualTo(1));
    }
}
