using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Workflows;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests;

/// <summary>The runtime through real HTTP, on both providers.</summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class RuntimeApiTests(Db provider)
{
    private TestDatabase database = null!;
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(provider);
        app = await TestApp.StartAsync(database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private static Guid Id(JsonObject o) => Guid.Parse(o["instanceId"]!.GetValue<string>());

    [Test]
    public async Task Start_and_resume_commit_before_answering_and_the_effect_runs_once()
    {
        var started = await app.StartInstanceAsync("sample-review", new { orderId = "o-1", amount = 40, currency = "EUR" });
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("Suspended"));
        Assert.That(started["newBookmarks"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("review"));

        using var resumed = await app.ResumeAsync(Id(started), "review", new { outcome = "approve" });
        Assert.That(resumed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resumed.Content.ReadAsStringAsync());

        var first = await app.SendAsync(new DispatchOutbox());
        var second = await app.SendAsync(new DispatchOutbox());
        Assert.That((first.Done, second.Done), Is.EqualTo((1, 0)));

        var ledger = await app.WithDbAsync(db => db.LocalEffects.AsNoTracking().ToListAsync());
        Assert.That(ledger, Has.Count.EqualTo(1));
        Assert.That((ledger[0].Kind, ledger[0].Deliveries), Is.EqualTo(("record", 1)));

        var details = await app.GetInstanceAsync(Id(started));
        Assert.That(details["instance"]!["status"]!.GetValue<string>(), Is.EqualTo("Finished"));
        Assert.That(details["outbox"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("done"));
        var journal = details["journal"]!.AsArray().Select(j => j!["event"]!.GetValue<string>()).ToList();
        Assert.That(journal, Does.Contain("BookmarkResumed").And.Contain("EffectRecorded").And.Contain("InstanceFinished"));
        Assert.That(details["timers"]!.AsArray(), Is.Empty, "the deadline timer went with the task");
    }

    [Test]
    public async Task Of_many_concurrent_resumes_of_one_bookmark_exactly_one_wins()
    {
        var id = Id(await app.StartInstanceAsync("sample-review", new { orderId = "o-2" }));
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var r = await app.ResumeAsync(id, "review", new { outcome = i % 2 == 0 ? "approve" : "reject" });
            return (r.StatusCode, Body: await r.Content.ReadAsStringAsync(), Type: r.Content.Headers.ContentType?.MediaType);
        }));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1), string.Join("\n", responses.Select(r => r.Body)));
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.That(losers.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict), string.Join("\n", losers.Select(r => r.Body)));
        Assert.That(losers.Select(r => r.Type), Is.All.EqualTo("application/problem+json"));

        var details = await app.GetInstanceAsync(id);
        var events = details["journal"]!.AsArray().Select(j => j!["event"]!.GetValue<string>()).ToList();
        Assert.That(events.Count(e => e == "BookmarkResumed"), Is.EqualTo(1));
        Assert.That(details["instance"]!["version"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_idempotency_key_returns_the_first_result_and_refuses_a_different_request()
    {
        var first = await app.StartInstanceAsync("sample-review", new { orderId = "o-3" }, "corr-3", idempotencyKey: "start-3");
        var again = await app.StartInstanceAsync("sample-review", new { orderId = "o-3" }, "corr-3", idempotencyKey: "start-3");
        Assert.That(Id(again), Is.EqualTo(Id(first)));
        Assert.That(again["replayed"]!.GetValue<bool>(), Is.True);
        var count = await app.WithDbAsync(db => db.Instances.CountAsync(i => i.CorrelationId == "corr-3"));
        Assert.That(count, Is.EqualTo(1));

        using var r1 = await app.ResumeAsync(Id(first), "review", new { outcome = "reject" }, "resume-3");
        using var r2 = await app.ResumeAsync(Id(first), "review", new { outcome = "reject" }, "resume-3");
        Assert.That((r1.StatusCode, r2.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That((await r2.Content.ReadFromJsonAsync<JsonObject>())!["replayed"]!.GetValue<bool>(), Is.True);

        using var reused = await app.ResumeAsync(Id(first), "review", new { outcome = "approve" }, "resume-3");
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await reused.Content.ReadAsStringAsync(), Does.Contain("already used for a different request"));
    }

    [Test]
    public async Task Unknown_consumed_and_invalid_stimuli_get_clear_problem_details()
    {
        var id = Id(await app.StartInstanceAsync("sample-review", new { orderId = "o-4" }));

        using var unknown = await app.ResumeAsync(id, "no-such-step", null);
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("No bookmark named 'no-such-step'"));

        using var noInstance = await app.ResumeAsync(Guid.NewGuid(), "review", null);
        Assert.That(noInstance.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await noInstance.Content.ReadAsStringAsync(), Does.Contain("does not exist"));

        using var invalid = await app.ResumeAsync(id, "review", new { outcome = "perhaps" });
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("approve, reject, breached"));

        using var ok = await app.ResumeAsync(id, "review", new { outcome = "reject" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var consumed = await app.ResumeAsync(id, "review", new { outcome = "reject" });
        Assert.That(consumed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await consumed.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["title"]!.GetValue<string>(), Is.EqualTo("Bookmark already consumed"));

        using var badPaging = await app.Admin.GetAsync("/api/workflow-instances?pageSize=5000");
        Assert.That(badPaging.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var badBody = await app.Admin.PostAsync("/api/workflow-instances", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(badBody.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var noDefinition = await app.Admin.PostAsJsonAsync("/api/workflow-instances", new { definitionId = "nope" });
        Assert.That(noDefinition.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_stimulus_can_target_a_correlation_id()
    {
        var id = Id(await app.StartInstanceAsync("sample-evidence", new { orderValue = 10, buyerId = "b", sellerId = "s" }, "order-77"));
        using var buyer = await app.Admin.PostAsJsonAsync("/api/stimuli/buyer-evidence", new { correlationId = "order-77", input = new { text = "photo" } });
        using var seller = await app.Admin.PostAsJsonAsync("/api/stimuli/seller-evidence", new { correlationId = "order-77" });
        Assert.That((buyer.StatusCode, seller.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)), await seller.Content.ReadAsStringAsync());
        var details = await app.GetInstanceAsync(id);
        Assert.That(details["instance"]!["status"]!.GetValue<string>(), Is.EqualTo("Finished"));
        Assert.That(details["data"]!["buyer-evidence"]!["text"]!.GetValue<string>(), Is.EqualTo("photo"));
        Assert.That(details["timers"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Timers_fire_when_due_and_only_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(Id(await app.StartInstanceAsync("sample-waiting-period", new { orderId = $"w-{i}" })));

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.That((await app.SendAsync(new FireDueTimers())).Fired, Is.Zero, "3 business days from Monday are not over on Wednesday");

        app.Clock.Advance(TimeSpan.FromDays(1));
        var fired = await app.SendAsync(new FireDueTimers());
        var again = await app.SendAsync(new FireDueTimers());
        Assert.That((fired.Fired, again.Fired), Is.EqualTo((5, 0)));

        var timerJournal = await app.WithDbAsync(db => db.Journal.Where(j => j.Event == "TimerFired").GroupBy(j => j.InstanceId).Select(g => g.Count()).ToListAsync());
        Assert.That(timerJournal, Has.Count.EqualTo(5).And.All.EqualTo(1));
        Assert.That(await app.WithDbAsync(db => db.Timers.CountAsync()), Is.Zero);
        Assert.That(await app.WithDbAsync(db => db.Instances.CountAsync(i => i.Status == "Finished")), Is.EqualTo(5));
    }

    [Test]
    public async Task A_deadline_and_a_decision_racing_produce_exactly_one_transition()
    {
        var id = Id(await app.StartInstanceAsync("sample-review", new { orderId = "race" }));
        app.Clock.Advance(TimeSpan.FromDays(8));
        var timer = app.SendAsync(new FireDueTimers());
        var decision = app.ResumeAsync(id, "review", new { outcome = "approve" });
        await Task.WhenAll(timer, decision);
        using var response = await decision;
        await app.SendAsync(new FireDueTimers()); // a timer that lost a race is retried; it must find nothing left to do

        var events = await app.WithDbAsync(db => db.Journal.Where(j => j.InstanceId == id).Select(j => j.Event).ToListAsync());
        var consumed = events.Count(e => e is "BookmarkResumed" or "TimerFired");
        Assert.That(consumed, Is.EqualTo(1), string.Join(", ", events));
        Assert.That(events.Count(e => e == "InstanceFinished"), Is.EqualTo(1));
        Assert.That(response.StatusCode, Is.EqualTo(events.Contains("BookmarkResumed") ? HttpStatusCode.OK : HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Cancelling_an_instance_consumes_its_bookmarks()
    {
        var id = Id(await app.StartInstanceAsync("sample-review", new { orderId = "c" }));
        using var cancel = await app.Admin.PostAsJsonAsync($"/api/workflow-instances/{id}/cancel", new { reason = "filed twice" });
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var resume = await app.ResumeAsync(id, "review", new { outcome = "approve" });
        Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using var cancelAgain = await app.Admin.PostAsJsonAsync($"/api/workflow-instances/{id}/cancel", new { reason = "again" });
        Assert.That(cancelAgain.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await app.WithDbAsync(db => db.Timers.CountAsync(t => t.InstanceId == id)), Is.Zero);
    }

    [Test]
    public async Task Instances_can_be_queried_by_status_definition_and_current_activity_with_paging()
    {
        for (var i = 0; i < 3; i++) await app.StartInstanceAsync("sample-review", new { orderId = $"q{i}" });
        await app.StartInstanceAsync("sample-waiting-period", new { orderId = "qw" });

        var byActivity = await app.Admin.GetFromJsonAsync<JsonObject>("/api/workflow-instances?activity=review&status=Suspended&pageSize=2&page=2");
        Assert.That(byActivity!["total"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(byActivity["items"]!.AsArray(), Has.Count.EqualTo(1));
        var waiting = await app.Admin.GetFromJsonAsync<JsonObject>("/api/workflow-instances?activity=wait");
        Assert.That(waiting!["items"]![0]!["definitionId"]!.GetValue<string>(), Is.EqualTo("sample-waiting-period"));
        var byDefinition = await app.Admin.GetFromJsonAsync<JsonObject>("/api/workflow-instances?definitionId=sample-waiting-period");
        Assert.That(byDefinition!["total"]!.GetValue<int>(), Is.EqualTo(1));

        var definitions = await app.Admin.GetFromJsonAsync<JsonArray>("/api/workflow-definitions");
        Assert.That(definitions!.Select(d => d!["id"]!.GetValue<string>()), Does.Contain("sample-review"));
    }

    [Test]
    public async Task Health_openapi_and_dashboard_answer_on_loopback()
    {
        Assert.That((await app.Anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await app.Anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await app.Anonymous.GetStringAsync("/openapi/v1.json"), Does.Contain("/api/workflow-instances/{id}/stimuli/{name}"));
        Assert.That((await app.Admin.GetAsync("/hangfire")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
