using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Tests;

/// <summary>
/// Moving running instances to a new version, in memory: instances are brought into a state by the interpreter
/// (tokens in a fork scope, a task with its deadline, a timer, a join arrival), then planned against a v2.
/// </summary>
public class MigrationPlannerTests
{
    private static readonly DateTimeOffset T0 = Defs.Monday;
    private static readonly WorkflowInterpreter Interpreter = new(new ActivityRegistry());

    /// <summary>v1: a fork runs a reviewer's task (2-day deadline) beside a one-day wait followed by a signal; a join waits for both.</summary>
    private const string V1 = """
        { "id": "parallel", "version": 1, "name": "Parallel", "activities": [
          { "id": "start", "type": "start", "next": "split" },
          { "id": "split", "type": "fork", "branches": ["check", "wait"] },
          { "id": "check", "type": "humanTask", "role": "reviewer", "outcomes": { "ok": "both", "breached": "both" },
            "deadline": { "after": "P2D", "outcome": "breached" } },
          { "id": "wait", "type": "timer", "duration": "P1D", "next": "confirm" },
          { "id": "confirm", "type": "signal", "signal": "confirmed", "next": "both" },
          { "id": "both", "type": "join", "mode": "all", "next": "done" },
          { "id": "done", "type": "end" }
        ] }
        """;

    private static WorkflowDefinition Version1 => Defs.Load(V1);

    /// <summary>v2 of the same definition: v1 with the given text replacements.</summary>
    private static WorkflowDefinition Version2(params (string From, string To)[] edits)
    {
        var json = V1.Replace("\"version\": 1", "\"version\": 2");
        foreach (var (from, to) in edits)
        {
            Assert.That(json, Does.Contain(from), "the edit must apply to v1");
            json = json.Replace(from, to);
        }
        return Defs.Load(json);
    }

    /// <summary>An instance as stored after it started, with the bookmarks and timers the store would hold.</summary>
    private sealed class Running
    {
        public required WorkflowInstance Instance { get; init; }
        public List<Bookmark> Bookmarks { get; } = [];
        public List<WorkflowTimer> Timers { get; } = [];

        public void Apply(TransitionChanges changes)
        {
            Bookmarks.RemoveAll(b => changes.ConsumedBookmarks.Any(c => c.Id == b.Id));
            Bookmarks.AddRange(changes.AddedBookmarks);
            Timers.RemoveAll(t => changes.RemovedTimerIds.Contains(t.Id));
            Timers.AddRange(changes.AddedTimers);
        }

        public InstanceMigrationPlan PlanTo(WorkflowDefinition target, ActivityMapping? mapping = null) =>
            InstanceMigrationPlanner.Plan(Instance, Bookmarks, Timers, Version1, target, mapping ?? ActivityMapping.Identity);
    }

    private static Running Started()
    {
        var changes = Interpreter.Start(Version1, Guid.NewGuid(), "case-1", null, "tester", T0);
        var running = new Running { Instance = changes.Instance };
        running.Apply(changes);
        return running;
    }

    /// <summary>The wait has passed (the token waits on the signal) and the reviewer answered: one arrival at the join.</summary>
    private static Running CheckedAndWaited()
    {
        var running = Started();
        var wait = running.Timers.Single(t => t.ActivityId == "wait");
        running.Apply(Interpreter.FireTimer(Version1, running.Instance, wait, T0.AddDays(1)));
        var check = running.Bookmarks.Single(b => b.Name == "check");
        running.Apply(Interpreter.Resume(Version1, running.Instance, check, Defs.Obj("""{"outcome":"ok"}"""), "rev", T0.AddDays(1).AddHours(1)));
        Assert.That(running.Instance.State.Tokens.Select(t => t.ActivityId), Is.EqualTo(new[] { "confirm" }));
        Assert.That(running.Instance.State.Joins.Single().From, Is.EqualTo(new[] { "check" }));
        return running;
    }

    private static IEnumerable<MigrationProblemKind> Kinds(InstanceMigrationPlan plan) => plan.Problems.Select(p => p.Kind);

    [Test]
    public void An_instance_moves_to_an_unchanged_v2_with_every_token_bookmark_and_timer_in_place()
    {
        var running = Started();

        var plan = running.PlanTo(Version2());

        Assert.That(plan.CanMove, Is.True, () => string.Join("\n", plan.Problems));
        Assert.That(plan.Tokens.Select(t => (t.From, t.To)), Is.EquivalentTo(new[] { ("check", "check"), ("wait", "wait") }));
        Assert.That(plan.Bookmarks.Select(b => (b.FromName, b.ToName)), Is.EqualTo(new[] { ("check", "check") }));
        Assert.That(plan.Timers.Select(t => t.ToActivityId), Is.EquivalentTo(new[] { "check", "wait" }));
    }

    [Test]
    public void A_renamed_task_moves_only_with_a_mapping_and_takes_its_bookmark_and_deadline_along()
    {
        var running = Started();
        var v2 = Version2(("\"check\"", "\"inspect\""));

        var unmapped = running.PlanTo(v2);
        Assert.That(unmapped.CanMove, Is.False);
        Assert.That(unmapped.Problems.Single(), Has.Property(nameof(MigrationProblem.Kind)).EqualTo(MigrationProblemKind.ActivityMissing)
            .And.Property(nameof(MigrationProblem.ActivityId)).EqualTo("check"));

        var mapping = ActivityMapping.Parse(["check=inspect"]);
        Assert.That(mapping.Check(Version1, v2), Is.Empty);
        var plan = running.PlanTo(v2, mapping);
        Assert.That(plan.CanMove, Is.True, () => string.Join("\n", plan.Problems));
        var bookmark = plan.Bookmarks.Single();
        Assert.That((bookmark.FromActivityId, bookmark.ToActivityId, bookmark.FromName, bookmark.ToName), Is.EqualTo(("check", "inspect", "check", "inspect")));

        var version = running.Instance.Version;
        var deadline = running.Timers.Single(t => t.ActivityId == "check");
        var changes = InstanceMigrationPlanner.Apply(running.Instance, plan, mapping, "admin-ops", T0.AddHours(2));

        Assert.That(changes.ExpectedVersion, Is.EqualTo(version), "guarded by the version the plan was made on");
        Assert.That(changes.Instance.Version, Is.EqualTo(version + 1));
        Assert.That(changes.Instance.DefinitionVersion, Is.EqualTo(2));
        Assert.That(changes.Instance.State.Tokens.Select(t => t.ActivityId), Is.EquivalentTo(new[] { "inspect", "wait" }));
        Assert.That(changes.Migration!.Bookmarks.Select(b => b.ToName), Is.EqualTo(new[] { "inspect" }));
        Assert.That(changes.Migration.Timers.Select(t => (t.TimerId, t.ToActivityId, t.DueAt)), Is.EqualTo(new[] { (deadline.Id, "inspect", deadline.DueAt) }),
            "only what changed is rewritten; the deadline keeps its due time");
        var journal = changes.Journal.Single();
        Assert.That((journal.Event, journal.Actor, journal.Detail), Is.EqualTo((InstanceMigrationPlanner.JournalEvent, "admin-ops", "parallel v1 -> v2; check -> inspect")));
        Assert.That(changes.AddedBookmarks.Count + changes.ConsumedBookmarks.Count + changes.AddedTimers.Count + changes.RemovedTimerIds.Count + changes.Outbox.Count, Is.Zero,
            "a move runs no activity: nothing is created, consumed or sent");
    }

    [Test]
    public void A_mapping_to_an_activity_of_another_type_is_refused()
    {
        var plan = Started().PlanTo(Version2(), ActivityMapping.Parse(["check=confirm"]));

        Assert.That(Kinds(plan), Is.EqualTo(new[] { MigrationProblemKind.TypeChanged }));
        Assert.That(plan.Problems[0].Message, Does.Contain("humanTask").And.Contain("signal"));
    }

    [Test]
    public void An_open_task_keeps_its_role_and_assignment_rule_and_a_signal_keeps_its_name()
    {
        var toLead = Started().PlanTo(Version2(("\"role\": \"reviewer\"", "\"role\": \"lead\"")));
        Assert.That(Kinds(toLead), Is.EqualTo(new[] { MigrationProblemKind.BookmarkIncompatible }));
        Assert.That(toLead.Problems[0].Message, Does.Contain("'reviewer'").And.Contain("'lead'"));

        var toSomeoneElse = Started().PlanTo(Version2(("\"role\": \"reviewer\"", "\"role\": \"reviewer\", \"assignee\": \"$.owner\"")));
        Assert.That(Kinds(toSomeoneElse), Is.EqualTo(new[] { MigrationProblemKind.BookmarkIncompatible }), "the task would be assigned by another rule");

        var renamedSignal = CheckedAndWaited().PlanTo(Version2(("\"signal\": \"confirmed\"", "\"signal\": \"approved\"")));
        Assert.That(Kinds(renamedSignal), Is.EqualTo(new[] { MigrationProblemKind.BookmarkIncompatible }));
    }

    [Test]
    public void A_deadline_timer_needs_a_deadline_in_the_target_and_a_waiting_timer_needs_its_activity()
    {
        var noDeadline = Started().PlanTo(Version2(
            ("\"deadline\": { \"after\": \"P2D\", \"outcome\": \"breached\" }", "\"description\": \"no deadline\"")));
        Assert.That(Kinds(noDeadline), Is.EqualTo(new[] { MigrationProblemKind.TimerIncompatible }));

        var noWait = Started().PlanTo(Version2(("\"branches\": [\"check\", \"wait\"]", "\"branches\": [\"check\", \"confirm\"]"),
            ("{ \"id\": \"wait\", \"type\": \"timer\", \"duration\": \"P1D\", \"next\": \"confirm\" },", "")));
        Assert.That(noWait.Problems.Select(p => (p.Kind, p.ActivityId)), Is.EqualTo(new[] { (MigrationProblemKind.ActivityMissing, "wait") }));
        Assert.That(noWait.CanMove, Is.False);
    }

    [Test]
    public void A_token_inside_a_fork_is_not_moved_to_a_place_outside_that_fork()
    {
        // v2 asks for the review before the fork; the fork then only waits. The open review would be outside the scope it runs in.
        var v2 = Version2(
            ("{ \"id\": \"start\", \"type\": \"start\", \"next\": \"split\" }", "{ \"id\": \"start\", \"type\": \"start\", \"next\": \"check\" }"),
            ("\"branches\": [\"check\", \"wait\"]", "\"branches\": [\"wait\", \"confirm\"]"),
            ("\"outcomes\": { \"ok\": \"both\", \"breached\": \"both\" }", "\"outcomes\": { \"ok\": \"split\", \"breached\": \"split\" }"),
            ("{ \"id\": \"wait\", \"type\": \"timer\", \"duration\": \"P1D\", \"next\": \"confirm\" }", "{ \"id\": \"wait\", \"type\": \"timer\", \"duration\": \"P1D\", \"next\": \"both\" }"));

        var plan = Started().PlanTo(v2);

        Assert.That(plan.Problems.Where(p => p.ActivityId == "check").Select(p => p.Kind), Has.Some.EqualTo(MigrationProblemKind.Stranded));
        Assert.That(plan.Problems.First(p => p.ActivityId == "check").Message, Does.Contain("inside the fork 'split'"));
        Assert.That(plan.CanMove, Is.False);
    }

    [Test]
    public void A_token_that_would_no_longer_reach_the_join_of_its_fork_is_refused()
    {
        // v2 lets the confirmation end on its own: the join would wait for it forever, and the token would never close its scope.
        var plan = CheckedAndWaited().PlanTo(Version2(("\"signal\": \"confirmed\", \"next\": \"both\"", "\"signal\": \"confirmed\", \"next\": \"done\"")));

        Assert.That(plan.Problems.Select(p => (p.Kind, p.ActivityId)), Has.Some.EqualTo((MigrationProblemKind.Stranded, "confirm")));
        Assert.That(plan.CanMove, Is.False);
    }

    [Test]
    public void A_join_arrival_from_a_branch_v2_no_longer_has_is_refused()
    {
        // The review's arrival at 'both' is recorded; in v2 the review no longer leads there.
        var plan = CheckedAndWaited().PlanTo(Version2(("\"outcomes\": { \"ok\": \"both\", \"breached\": \"both\" }", "\"outcomes\": { \"ok\": \"done\", \"breached\": \"done\" }")));

        Assert.That(plan.Problems.Select(p => (p.Kind, p.ActivityId)), Has.Some.EqualTo((MigrationProblemKind.Stranded, "both")));
        Assert.That(plan.Problems.First(p => p.ActivityId == "both").Message, Does.Contain("arrival from 'check'"));
    }

    [Test]
    public void A_join_that_would_wait_for_a_branch_nothing_runs_on_is_refused()
    {
        // v2 adds a third branch to the fork and the join: the running instance forked before it existed, so nothing would ever arrive from it.
        var v2 = Version2(
            ("\"branches\": [\"check\", \"wait\"]", "\"branches\": [\"check\", \"wait\", \"extra\"]"),
            ("{ \"id\": \"done\", \"type\": \"end\" }", "{ \"id\": \"done\", \"type\": \"end\" },\n{ \"id\": \"extra\", \"type\": \"signal\", \"signal\": \"extra\", \"next\": \"both\" }"));

        var plan = CheckedAndWaited().PlanTo(v2);

        Assert.That(plan.Problems.Select(p => (p.Kind, p.ActivityId)), Is.EqualTo(new[] { (MigrationProblemKind.Stranded, "both") }));
        Assert.That(plan.Problems[0].Message, Does.Contain("'extra'"));

        var sameJoinAny = CheckedAndWaited().PlanTo(Version2(("\"mode\": \"all\"", "\"mode\": \"any\"")));
        Assert.That(sameJoinAny.CanMove, Is.True, "the same state moves where no branch is missing");
    }

    [Test]
    public void A_finished_instance_is_not_moved_and_a_mapping_naming_unknown_activities_is_refused_before_planning()
    {
        var running = CheckedAndWaited();
        var confirm = running.Bookmarks.Single(b => b.Name == "confirmed");
        running.Apply(Interpreter.Resume(Version1, running.Instance, confirm, null, "partner", T0.AddDays(2)));
        Assert.That(running.Instance.Status, Is.EqualTo(InstanceStatus.Finished));

        Assert.That(Kinds(running.PlanTo(Version2())), Is.EqualTo(new[] { MigrationProblemKind.NotOpen }));

        var mapping = ActivityMapping.Parse(["nope=check", "check=missing"]);
        Assert.That(mapping.Check(Version1, Version2()), Has.Count.EqualTo(2));
        Assert.That(() => ActivityMapping.Parse(["check"]), Throws.TypeOf<InvalidMigrationException>());
        Assert.That(() => ActivityMapping.Parse(["check=a", "check=b"]), Throws.TypeOf<InvalidMigrationException>());
    }

    [Test]
    public void A_renamed_fork_and_join_move_with_the_scope_and_the_arrival_and_the_instance_finishes_on_v2()
    {
        var running = CheckedAndWaited();
        var v2 = Version2(("\"split\"", "\"divide\""), ("\"both\"", "\"together\""));
        var mapping = ActivityMapping.Parse(["split=divide", "both=together"]);

        var plan = running.PlanTo(v2, mapping);
        Assert.That(plan.CanMove, Is.True, () => string.Join("\n", plan.Problems));
        var changes = InstanceMigrationPlanner.Apply(running.Instance, plan, mapping, "admin-ops", T0.AddDays(2));
        Assert.That(changes.Instance.State.Scopes.Single().ForkActivityId, Is.EqualTo("divide"));
        Assert.That(changes.Instance.State.Joins.Single().JoinActivityId, Is.EqualTo("together"));

        var confirm = running.Bookmarks.Single(b => b.Name == "confirmed");
        var finished = Interpreter.Resume(v2, changes.Instance, confirm, null, "partner", T0.AddDays(3));
        Assert.That(finished.Instance.Status, Is.EqualTo(InstanceStatus.Finished), "the arrival recorded under v1 counts at v2's join");
        Assert.That(finished.Journal.Where(j => j.Event == JournalEvents.ActivityCompleted).Select(j => j.ActivityId), Does.Contain("together"));
    }

    private sealed class Failing : IActivity
    {
        public string Type => "failing";
        public void Execute(ActivityExecutionContext context) => throw new InvalidOperationException("the marketplace did not answer");
    }

    [Test]
    public void An_instance_with_a_faulted_activity_is_not_moved()
    {
        const string json = """
            { "id": "fails", "version": 1, "name": "Fails", "activities": [
              { "id": "start", "type": "start", "next": "call" },
              { "id": "call", "type": "failing", "next": "done" },
              { "id": "done", "type": "end" }
            ] }
            """;
        var registry = new ActivityRegistry([new Failing()]);
        var v1 = Defs.Load(json, registry);
        var v2 = Defs.Load(json.Replace("\"version\": 1", "\"version\": 2"), registry);
        var started = new WorkflowInterpreter(registry).Start(v1, Guid.NewGuid(), null, null, "tester", T0);
        Assert.That(started.Instance.Status, Is.EqualTo(InstanceStatus.Faulted));

        var plan = InstanceMigrationPlanner.Plan(started.Instance, [], [], v1, v2, ActivityMapping.Identity);

        Assert.That(plan.Problems.Select(p => (p.Kind, p.ActivityId)), Is.EqualTo(new[] { (MigrationProblemKind.Faulted, "call") }));
    }
}
