using System.Text.Json.Nodes;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Tests;

/// <summary>The interpreter is pure: these tests run transitions in memory and look at what each would commit.</summary>
public class InterpreterTests
{
    private static readonly DateTimeOffset T0 = Defs.Monday;

    private static WorkflowDefinition Sample(string file) =>
        Defs.Load(File.ReadAllText(Path.Combine(Repo.Workflows, "samples", file)));

    private static WorkflowInterpreter Interpreter(params IActivity[] extra) => new(new ActivityRegistry(extra));

    [Test]
    public void Starting_runs_to_the_first_bookmark_and_records_a_deadline_timer()
    {
        var changes = Interpreter().Start(Sample("sample-review.v1.json"), Guid.NewGuid(), "order-1", Defs.Obj("""{"orderId":"o1"}"""), "tester", T0);

        Assert.That(changes.Instance.Status, Is.EqualTo(InstanceStatus.Suspended));
        Assert.That(changes.ExpectedVersion, Is.Null);
        var bookmark = changes.AddedBookmarks.Single();
        Assert.That((bookmark.Name, bookmark.Role, bookmark.CorrelationId, bookmark.DueAt), Is.EqualTo(("review", "Reviewer", "order-1", (DateTimeOffset?)T0.AddDays(7))));
        Assert.That(changes.AddedTimers.Single().DueAt, Is.EqualTo(T0.AddDays(7)));
        Assert.That(changes.Instance.State.Data["orderId"]!.GetValue<string>(), Is.EqualTo("o1"));
        Assert.That(changes.Journal.Select(j => j.Event), Is.EqualTo(new[] { "InstanceStarted", "ActivityCompleted", "TimerScheduled", "BookmarkCreated", "InstanceSuspended" }));
    }

    [Test]
    public void Resuming_consumes_the_bookmark_removes_the_deadline_and_records_the_effect_in_the_outbox()
    {
        var interpreter = Interpreter();
        var definition = Sample("sample-review.v1.json");
        var started = interpreter.Start(definition, Guid.NewGuid(), null, Defs.Obj("""{"orderId":"o1","amount":12.5,"currency":"EUR"}"""), "tester", T0);
        var bookmark = started.AddedBookmarks.Single();

        var resumed = interpreter.Resume(definition, started.Instance, bookmark, Defs.Obj("""{"outcome":"approve","note":"ok"}"""), "reviewer-1", T0.AddHours(1));

        Assert.That(resumed.ExpectedVersion, Is.EqualTo(1));
        Assert.That(resumed.Instance.Version, Is.EqualTo(2));
        Assert.That(resumed.ConsumedBookmarks.Select(c => c.Id), Is.EqualTo(new[] { bookmark.Id }));
        Assert.That(resumed.RemovedTimerIds, Is.EqualTo(new[] { started.AddedTimers.Single().Id }));
        var effect = resumed.Outbox.Single();
        Assert.That(effect.Kind, Is.EqualTo("record"));
        Assert.That(JsonNode.Parse(effect.Payload)!["amount"]!.GetValue<decimal>(), Is.EqualTo(12.5m));
        Assert.That(effect.IdempotencyKey, Does.StartWith(started.Instance.Id.ToString("N")));
        Assert.That(resumed.Instance.Status, Is.EqualTo(InstanceStatus.Finished));
        Assert.That(resumed.Instance.State.Data["review"]!["note"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(resumed.Journal.All(j => j.Actor == "reviewer-1"), Is.True);
    }

    [Test]
    public void A_task_refuses_an_outcome_it_does_not_have_and_changes_nothing()
    {
        var interpreter = Interpreter();
        var definition = Sample("sample-review.v1.json");
        var started = interpreter.Start(definition, Guid.NewGuid(), null, null, "tester", T0);
        var ex = Assert.Throws<InvalidStimulusException>(() =>
            interpreter.Resume(definition, started.Instance, started.AddedBookmarks.Single(), Defs.Obj("""{"outcome":"maybe"}"""), "r", T0));
        Assert.That(ex!.Message, Does.Contain("approve, reject, breached"));
    }

    [Test]
    public void When_the_deadline_passes_first_the_task_completes_with_the_deadline_outcome()
    {
        var interpreter = Interpreter();
        var definition = Sample("sample-review.v1.json");
        var started = interpreter.Start(definition, Guid.NewGuid(), null, null, "tester", T0);
        var timer = started.AddedTimers.Single();

        var fired = interpreter.FireTimer(definition, started.Instance, timer, T0.AddDays(7).AddSeconds(1));

        Assert.That(fired.ConsumedBookmarks.Single().Id, Is.EqualTo(started.AddedBookmarks.Single().Id));
        Assert.That(fired.Journal.Select(j => j.Detail), Has.Some.Contains("outcome 'breached'"));
        Assert.That(fired.Instance.Status, Is.EqualTo(InstanceStatus.Finished));
        Assert.That(fired.Outbox, Is.Empty);
    }

    [Test]
    public void A_business_day_timer_skips_the_weekend()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
        var started = Interpreter().Start(Sample("sample-waiting-period.v1.json"), Guid.NewGuid(), null, null, "t", friday);
        Assert.That(started.AddedTimers.Single().DueAt, Is.EqualTo(new DateTimeOffset(2026, 12, 2, 16, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Evidence_from_both_parties_joins_then_the_first_of_join_cancels_the_deadline()
    {
        var interpreter = Interpreter();
        var definition = Sample("sample-evidence.v1.json");
        var started = interpreter.Start(definition, Guid.NewGuid(), null, Defs.Obj("""{"orderValue":100,"buyerId":"b","sellerId":"s"}"""), "t", T0);
        Assert.That(started.AddedBookmarks.Select(b => b.Name), Is.EquivalentTo(new[] { "buyer-evidence", "seller-evidence" }));
        Assert.That(started.AddedTimers, Has.Count.EqualTo(1));

        var buyer = interpreter.Resume(definition, started.Instance, started.AddedBookmarks.Single(b => b.Name == "buyer-evidence"), Defs.Obj("""{"text":"photo"}"""), "buyer", T0.AddDays(1));
        Assert.That(buyer.Instance.Status, Is.EqualTo(InstanceStatus.Suspended));
        Assert.That(buyer.Outbox, Is.Empty);

        var seller = interpreter.Resume(definition, buyer.Instance, started.AddedBookmarks.Single(b => b.Name == "seller-evidence"), null, "seller", T0.AddDays(2));
        Assert.That(seller.RemovedTimerIds, Is.EqualTo(new[] { started.AddedTimers.Single().Id }), "the deadline branch is cancelled");
        Assert.That(seller.Outbox.Single().Kind, Is.EqualTo("notify"));
        Assert.That(JsonNode.Parse(seller.Outbox.Single().Payload)!["to"]!.ToJsonString(), Is.EqualTo("""["b","s"]"""));
        Assert.That(seller.Instance.Status, Is.EqualTo(InstanceStatus.Finished));
        Assert.That(seller.Instance.State.Scopes, Is.Empty);
        Assert.That(seller.Instance.State.Joins, Is.Empty);
    }

    [Test]
    public void A_deadline_that_passes_first_cancels_the_outstanding_evidence_and_routes_by_value()
    {
        var interpreter = Interpreter();
        var definition = Sample("sample-evidence.v1.json");
        var started = interpreter.Start(definition, Guid.NewGuid(), null, Defs.Obj("""{"orderValue":900}"""), "t", T0);
        var buyer = interpreter.Resume(definition, started.Instance, started.AddedBookmarks.Single(b => b.Name == "buyer-evidence"), null, "buyer", T0.AddDays(1));

        var fired = interpreter.FireTimer(definition, buyer.Instance, started.AddedTimers.Single(), T0.AddDays(5));

        Assert.That(fired.ConsumedBookmarks.Select(c => c.Id), Is.EqualTo(new[] { started.AddedBookmarks.Single(b => b.Name == "seller-evidence").Id }));
        var expert = fired.AddedBookmarks.Single();
        Assert.That((expert.Name, expert.Role), Is.EqualTo(("expert", "Expert")), "orders above 500 go to an expert");
        Assert.That(fired.Instance.State.Tokens.Select(t => t.ActivityId), Is.EqualTo(new[] { "expert" }));
    }

    private const string Throwing = """
        { "id": "x", "version": 1, "activities": [
          { "id": "start", "type": "start", "next": "fragile" },
          { "id": "fragile", "type": "fragile", "next": "done" },
          { "id": "done", "type": "end" } ] }
        """;

    private sealed class Fragile : IActivity
    {
        public bool Broken { get; set; } = true;
        public string Type => "fragile";
        public void Execute(ActivityExecutionContext context)
        {
            context.Send("record", []);
            if (Broken) throw new InvalidOperationException("the catalogue is down");
            context.Complete();
        }
    }

    [Test]
    public void An_activity_that_throws_leaves_an_incident_and_faults_the_instance_without_its_effects()
    {
        var fragile = new Fragile();
        var interpreter = Interpreter(fragile);
        var definition = Defs.Load(Throwing, interpreter.Registry);

        var started = interpreter.Start(definition, Guid.NewGuid(), null, null, "t", T0);

        Assert.That(started.Instance.Status, Is.EqualTo(InstanceStatus.Faulted));
        var incident = started.NewIncidents.Single();
        Assert.That((incident.ActivityId, incident.Message), Is.EqualTo(("fragile", "the catalogue is down")));
        Assert.That(started.Outbox, Is.Empty, "an effect recorded by a failed activity is dropped");

        fragile.Broken = false;
        var retried = interpreter.RetryIncident(definition, started.Instance, incident, "operator", T0.AddMinutes(5));
        Assert.That(retried.ResolvedIncidents.Single().Id, Is.EqualTo(incident.Id));
        Assert.That(retried.Instance.Status, Is.EqualTo(InstanceStatus.Finished));
        Assert.That(retried.Outbox, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_retry_policy_retries_by_timer_before_raising_an_incident()
    {
        var interpreter = Interpreter(new Fragile());
        var definition = Defs.Load(Throwing.Replace("\"type\": \"fragile\",", "\"type\": \"fragile\", \"retry\": { \"maxAttempts\": 2, \"delay\": \"PT1M\" },", StringComparison.Ordinal), interpreter.Registry);

        var first = interpreter.Start(definition, Guid.NewGuid(), null, null, "t", T0);
        Assert.That(first.Instance.Status, Is.EqualTo(InstanceStatus.Suspended));
        var retry = first.AddedTimers.Single();
        Assert.That((retry.Purpose, retry.DueAt), Is.EqualTo((TimerPurpose.Retry, T0.AddMinutes(1))));
        Assert.That(first.NewIncidents, Is.Empty);

        var second = interpreter.FireTimer(definition, first.Instance, retry, T0.AddMinutes(1));
        Assert.That(second.Instance.Status, Is.EqualTo(InstanceStatus.Faulted));
        Assert.That(second.NewIncidents, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_loop_without_a_wait_becomes_an_incident_instead_of_hanging()
    {
        var definition = Defs.Load("""
            { "id": "x", "version": 1, "activities": [
              { "id": "start", "type": "start", "next": "d" },
              { "id": "d", "type": "decision", "branches": [ { "when": { "path": "$.stop", "exists": true }, "next": "done" } ], "otherwise": "d" },
              { "id": "done", "type": "end" } ] }
            """);
        var started = Interpreter().Start(definition, Guid.NewGuid(), null, null, "t", T0);
        Assert.That(started.Instance.Status, Is.EqualTo(InstanceStatus.Faulted));
        Assert.That(started.NewIncidents.Single().Message, Does.Contain("loops without waiting"));
    }

    [Test]
    public void Cancelling_consumes_every_bookmark_and_removes_every_timer()
    {
        var interpreter = Interpreter();
        var definition = Sample("sample-evidence.v1.json");
        var started = interpreter.Start(definition, Guid.NewGuid(), null, null, "t", T0);
        var cancelled = interpreter.Cancel(definition, started.Instance, "duplicate", "operator", T0.AddHours(1));
        Assert.That(cancelled.ConsumedBookmarks, Has.Count.EqualTo(2));
        Assert.That(cancelled.RemovedTimerIds, Has.Count.EqualTo(1));
        Assert.That(cancelled.Instance.Status, Is.EqualTo(InstanceStatus.Cancelled));
        Assert.Throws<InvalidInstanceStateException>(() => interpreter.Cancel(definition, cancelled.Instance, "again", "operator", T0));
    }

    [TestCase("""{"path":"$.v","gt":5}""", """{"v":6}""", true)]
    [TestCase("""{"path":"$.v","gt":5}""", """{"v":5}""", false)]
    [TestCase("""{"path":"$.v","gte":5}""", """{"v":5.0}""", true)]
    [TestCase("""{"path":"$.a.b","eq":"x"}""", """{"a":{"b":"x"}}""", true)]
    [TestCase("""{"path":"$.c","in":["counterfeit","fraud"]}""", """{"c":"fraud"}""", true)]
    [TestCase("""{"path":"$.c","in":["counterfeit","fraud"]}""", """{"c":"damaged"}""", false)]
    [TestCase("""{"path":"$.missing","exists":true}""", """{}""", false)]
    [TestCase("""{"path":"$.missing","gt":0}""", """{}""", false)]
    [TestCase("""{"any":[{"path":"$.v","gt":500},{"path":"$.c","eq":"fraud"}]}""", """{"v":1,"c":"fraud"}""", true)]
    [TestCase("""{"all":[{"path":"$.v","gt":500},{"path":"$.c","eq":"fraud"}]}""", """{"v":1,"c":"fraud"}""", false)]
    [TestCase("""{"not":{"path":"$.v","lt":10}}""", """{"v":11}""", true)]
    public void Conditions_evaluate_on_instance_data(string condition, string data, bool expected) =>
        Assert.That(Condition.Evaluate(JsonNode.Parse(condition), Defs.Obj(data)), Is.EqualTo(expected));
}
