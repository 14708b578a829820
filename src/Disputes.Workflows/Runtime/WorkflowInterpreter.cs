using System.Text.Json.Nodes;
using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Runtime;

/// <summary>
/// Runs one transition of one instance in memory and describes it as <see cref="TransitionChanges"/>.
/// It never touches a database: the runtime service loads, calls the interpreter, and commits the changes
/// in one transaction.
/// </summary>
public sealed class WorkflowInterpreter(ActivityRegistry registry)
{
    /// <summary>Guards against definitions that loop without ever waiting.</summary>
    public const int MaxStepsPerTransition = 10_000;

    public ActivityRegistry Registry { get; } = registry;

    public TransitionChanges Start(WorkflowDefinition definition, Guid instanceId, string? correlationId, JsonObject? input, string actor, DateTimeOffset now)
    {
        var instance = new WorkflowInstance
        {
            Id = instanceId,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            CorrelationId = correlationId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (input is not null)
            foreach (var (key, value) in input) instance.State.Data[key] = value?.DeepClone();

        var session = new Session(this, definition, instance, new TransitionChanges(instance, null), actor, now);
        session.Journal(JournalEvents.InstanceStarted, null, $"{definition.Id} v{definition.Version}");
        var token = session.NewToken(definition.Start.Id, null);
        session.Enqueue(() => session.Step(token, definition.Start, static (a, c) => a.Execute(c), input));
        return session.Run();
    }

    public TransitionChanges Resume(WorkflowDefinition definition, WorkflowInstance instance, Bookmark bookmark, JsonObject? input, string actor, DateTimeOffset now)
    {
        var session = Begin(definition, instance, actor, now);
        var token = instance.State.Tokens.Find(t => t.Id == bookmark.TokenId && t.BookmarkIds.Contains(bookmark.Id))
            ?? throw new WorkflowConflictException($"Bookmark '{bookmark.Name}' ({bookmark.Id}) no longer has a waiting activity.");
        token.BookmarkIds.Remove(bookmark.Id);
        session.Changes.ConsumedBookmarks.Add(new ConsumedBookmark(bookmark.Id, now, actor));
        session.Journal(JournalEvents.BookmarkResumed, bookmark.ActivityId, $"'{bookmark.Name}'");
        var activity = definition[token.ActivityId];
        session.Enqueue(() => session.Step(token, activity, (a, c) => a.OnBookmark(c, bookmark), input));
        return session.Run();
    }

    public TransitionChanges FireTimer(WorkflowDefinition definition, WorkflowInstance instance, WorkflowTimer timer, DateTimeOffset now)
    {
        var session = Begin(definition, instance, "timer", now);
        var token = instance.State.Tokens.Find(t => t.Id == timer.TokenId && t.TimerIds.Contains(timer.Id))
            ?? throw new WorkflowConflictException($"Timer {timer.Id} no longer has a waiting activity.");
        token.TimerIds.Remove(timer.Id);
        session.Changes.RemovedTimerIds.Add(timer.Id);
        var late = now - timer.DueAt;
        session.Journal(JournalEvents.TimerFired, timer.ActivityId, $"due {timer.DueAt:O}, fired {late.TotalSeconds:0.###} s late");
        var activity = definition[token.ActivityId];
        if (timer.Purpose == TimerPurpose.Retry)
            session.Enqueue(() => session.Step(token, activity, static (a, c) => a.Execute(c), null));
        else
            session.Enqueue(() => session.Step(token, activity, (a, c) => a.OnTimer(c, timer), null));
        return session.Run();
    }

    public TransitionChanges RetryIncident(WorkflowDefinition definition, WorkflowInstance instance, Incident incident, string actor, DateTimeOffset now)
    {
        var session = Begin(definition, instance, actor, now);
        session.Changes.ResolvedIncidents.Add(new ResolvedIncident(incident.Id, now, actor));
        session.Journal(JournalEvents.IncidentRetried, incident.ActivityId, incident.Message);
        if (incident.Kind == IncidentKinds.Activity)
        {
            var token = instance.State.Tokens.Find(t => t.Id == incident.TokenId && t.Status == TokenStatus.Faulted)
                ?? throw new InvalidInstanceStateException($"Incident {incident.Id} has no faulted activity to retry.");
            token.Status = TokenStatus.Waiting;
            token.Attempt = 0;
            var activity = definition[token.ActivityId];
            session.Enqueue(() => session.Step(token, activity, static (a, c) => a.Execute(c), null));
        }
        return session.Run();
    }

    /// <summary>Ends the instance; <paramref name="effects"/> are recorded in the same transition's outbox (e.g. telling the people involved).</summary>
    public TransitionChanges Cancel(WorkflowDefinition definition, WorkflowInstance instance, string reason, string actor, DateTimeOffset now, IReadOnlyList<CancellationEffect>? effects = null)
    {
        var session = Begin(definition, instance, actor, now);
        foreach (var effect in effects ?? []) session.Send(CancellationEffect.ActivityId, effect.Kind, effect.Payload);
        foreach (var token in instance.State.Tokens.ToList()) session.RemoveToken(token, "cancelled");
        instance.State.Joins.Clear();
        instance.State.Scopes.Clear();
        instance.Status = InstanceStatus.Cancelled;
        instance.FinishedAt = now;
        session.Journal(JournalEvents.InstanceCancelled, null, reason);
        return session.Run();
    }

    private Session Begin(WorkflowDefinition definition, WorkflowInstance instance, string actor, DateTimeOffset now)
    {
        if (instance.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
            throw new InvalidInstanceStateException($"Instance {instance.Id} is {instance.Status.ToString().ToLowerInvariant()}; it accepts no further stimuli.");
        return new Session(this, definition, instance, new TransitionChanges(instance, instance.Version), actor, now);
    }

    internal sealed class Session(WorkflowInterpreter interpreter, WorkflowDefinition definition, WorkflowInstance instance, TransitionChanges changes, string actor, DateTimeOffset now)
    {
        private readonly Queue<Action> work = new();
        private int steps;

        public WorkflowDefinition Definition { get; } = definition;
        public WorkflowInstance Instance { get; } = instance;
        public TransitionChanges Changes { get; } = changes;
        public string Actor { get; } = actor;
        public DateTimeOffset Now { get; } = now;
        private InstanceState State => Instance.State;

        public void Enqueue(Action step) => work.Enqueue(step);

        public TransitionChanges Run()
        {
            var before = Instance.Status;
            while (work.TryDequeue(out var step)) step();

            if (Instance.Status != InstanceStatus.Cancelled)
            {
                if (State.Tokens.Any(t => t.Status == TokenStatus.Faulted)) Instance.Status = InstanceStatus.Faulted;
                else if (State.Tokens.Count > 0) Instance.Status = InstanceStatus.Suspended;
                else
                {
                    Instance.Status = InstanceStatus.Finished;
                    Instance.FinishedAt = Now;
                }
                if (Instance.Status != before || Changes.ExpectedVersion is null)
                    Journal(JournalEvents.ForStatus(Instance.Status), null, null);
            }
            Instance.UpdatedAt = Now;
            Instance.Version = (Changes.ExpectedVersion ?? 0) + 1;
            return Changes;
        }

        public Token NewToken(string activityId, Guid? scopeId)
        {
            var token = new Token { Id = Guid.CreateVersion7(), ActivityId = activityId, ScopeId = scopeId };
            State.Tokens.Add(token);
            return token;
        }

        public void Step(Token token, ActivityDefinition activity, Action<IActivity, ActivityExecutionContext> invoke, JsonObject? input)
        {
            var type = interpreter.Registry.Get(activity.Type);
            var context = new ActivityExecutionContext(this, activity, token, input);
            var outboxBefore = Changes.Outbox.Count;
            try
            {
                if (++steps > MaxStepsPerTransition)
                    throw new InvalidOperationException($"More than {MaxStepsPerTransition} steps in one transition: the definition loops without waiting.");
                invoke(type, context);
                if (context.CompletedWith is null && context.ForkedInto is null && !context.Ended && token.BookmarkIds.Count == 0 && token.TimerIds.Count == 0)
                    throw new InvalidOperationException($"Activity '{activity.Id}' ({activity.Type}) neither completed nor created a bookmark or timer.");
            }
            catch (InvalidStimulusException)
            {
                throw; // the caller's input was wrong: nothing is committed
            }
            catch (Exception ex)
            {
                Changes.Outbox.RemoveRange(outboxBefore, Changes.Outbox.Count - outboxBefore);
                Fault(token, activity, ex);
                return;
            }

            if (context.Ended)
            {
                Journal(JournalEvents.ActivityCompleted, activity.Id, null);
                RemoveToken(token, null);
                if (context.Terminated)
                    foreach (var other in State.Tokens.ToList()) RemoveToken(other, $"terminated by '{activity.Id}'");
                return;
            }

            if (context.ForkedInto is { } outcomes)
            {
                Journal(JournalEvents.ActivityCompleted, activity.Id, "fork: " + string.Join(", ", outcomes));
                ReleaseWaits(token, null);
                State.Tokens.Remove(token);
                var scope = new Scope { Id = Guid.CreateVersion7(), ParentId = token.ScopeId, ForkActivityId = activity.Id };
                State.Scopes.Add(scope);
                foreach (var target in outcomes.SelectMany(activity.For).Select(t => t.Target))
                    Arrive(NewToken(target, scope.Id), target, activity.Id);
                return;
            }

            if (context.CompletedWith is { } outcome)
            {
                var targets = activity.For(outcome).Select(t => t.Target).ToList();
                if (targets.Count == 0)
                {
                    Fault(token, activity, new InvalidOperationException($"Activity '{activity.Id}' completed with outcome '{outcome}', which has no transition."));
                    return;
                }
                Journal(JournalEvents.ActivityCompleted, activity.Id, outcome == DefinitionParser.Done ? null : outcome);
                ReleaseWaits(token, null);
                Arrive(token, targets[0], activity.Id);
                foreach (var extra in targets.Skip(1)) Arrive(NewToken(extra, token.ScopeId), extra, activity.Id);
                return;
            }
            // Otherwise the activity waits on the bookmarks/timers it created.
        }

        private void Arrive(Token token, string targetId, string fromActivityId)
        {
            token.ActivityId = targetId;
            token.Attempt = 0;
            token.Status = TokenStatus.Waiting;
            var target = Definition[targetId];
            if (target.Type == "join")
            {
                Join(token, target, fromActivityId);
                return;
            }
            Enqueue(() => Step(token, target, static (a, c) => a.Execute(c), null));
        }

        private void Join(Token token, ActivityDefinition join, string from)
        {
            State.Tokens.Remove(token);
            var arrival = State.Joins.Find(j => j.JoinActivityId == join.Id && j.ScopeId == token.ScopeId);
            if (arrival is null)
            {
                arrival = new JoinArrival { JoinActivityId = join.Id, ScopeId = token.ScopeId };
                State.Joins.Add(arrival);
            }
            arrival.From.Add(from);
            var expected = Definition.InboundCount(join.Id);
            var any = join.GetString("mode") == "any";
            var arrived = arrival.From.Distinct(StringComparer.Ordinal).Count();
            Journal(JournalEvents.JoinArrived, join.Id, $"from '{from}' ({arrived}/{(any ? 1 : expected)})");
            if (!any && arrived < expected) return;

            State.Joins.Remove(arrival);
            Guid? parentScope = token.ScopeId;
            if (token.ScopeId is { } scopeId)
            {
                var closing = ScopeAndDescendants(scopeId);
                foreach (var other in State.Tokens.Where(t => t.ScopeId is { } s && closing.Contains(s)).ToList())
                    RemoveToken(other, $"join '{join.Id}' completed");
                State.Joins.RemoveAll(j => j.ScopeId is { } s && closing.Contains(s));
                parentScope = State.Scopes.Find(s => s.Id == scopeId)?.ParentId;
                State.Scopes.RemoveAll(s => closing.Contains(s.Id));
            }
            var next = NewToken(join.Id, parentScope);
            Journal(JournalEvents.ActivityCompleted, join.Id, null);
            foreach (var (target, i) in join.For(DefinitionParser.Done).Select((t, i) => (t.Target, i)))
                Arrive(i == 0 ? next : NewToken(target, parentScope), target, join.Id);
        }

        private HashSet<Guid> ScopeAndDescendants(Guid root)
        {
            var result = new HashSet<Guid> { root };
            bool added;
            do
            {
                added = false;
                foreach (var s in State.Scopes.Where(s => s.ParentId is { } p && result.Contains(p)))
                    added |= result.Add(s.Id);
            } while (added);
            return result;
        }

        private void Fault(Token token, ActivityDefinition activity, Exception ex)
        {
            ReleaseWaits(token, "activity failed");
            var maxAttempts = activity.Properties["retry"]?["maxAttempts"]?.GetValue<int>() ?? 1;
            if (token.Attempt + 1 < maxAttempts)
            {
                token.Attempt++;
                var delay = IsoDuration.Parse(activity.Properties["retry"]?["delay"]?.GetValue<string>() ?? "PT30S");
                var at = delay.AddTo(Now);
                CreateTimer(token, activity.Id, TimerPurpose.Retry, at);
                token.Status = TokenStatus.Waiting;
                Journal(JournalEvents.ActivityFailed, activity.Id, $"attempt {token.Attempt} of {maxAttempts}: {ex.Message}; retry at {at:O}");
                return;
            }
            token.Status = TokenStatus.Faulted;
            Changes.NewIncidents.Add(new Incident(Guid.CreateVersion7(), Instance.Id, IncidentKinds.Activity, activity.Id, token.Id, null,
                ex.Message, ex.ToString(), Now));
            Journal(JournalEvents.ActivityFaulted, activity.Id, ex.Message);
        }

        /// <summary>Removes a token and everything it waited on.</summary>
        public void RemoveToken(Token token, string? reason)
        {
            ReleaseWaits(token, reason);
            State.Tokens.Remove(token);
            if (reason is not null) Journal(JournalEvents.ActivityCancelled, token.ActivityId, reason);
        }

        /// <summary>The token leaves its activity: its remaining bookmarks are consumed and its timers removed.</summary>
        private void ReleaseWaits(Token token, string? reason)
        {
            foreach (var id in token.BookmarkIds)
            {
                if (Changes.AddedBookmarks.RemoveAll(b => b.Id == id) == 0)
                    Changes.ConsumedBookmarks.Add(new ConsumedBookmark(id, Now, reason is null ? Actor : $"{Actor} ({reason})"));
            }
            foreach (var id in token.TimerIds)
            {
                if (Changes.AddedTimers.RemoveAll(t => t.Id == id) == 0) Changes.RemovedTimerIds.Add(id);
            }
            token.BookmarkIds.Clear();
            token.TimerIds.Clear();
        }

        public Bookmark CreateBookmark(Token token, string activityId, string name, string? role, string? assignee, DateTimeOffset? dueAt)
        {
            var bookmark = new Bookmark(Guid.CreateVersion7(), Instance.Id, token.Id, activityId, name, Instance.CorrelationId, role, assignee, dueAt, Now);
            token.BookmarkIds.Add(bookmark.Id);
            Changes.AddedBookmarks.Add(bookmark);
            Journal(JournalEvents.BookmarkCreated, activityId, $"'{name}'" + (role is null ? "" : $" for {role}") + (dueAt is null ? "" : $", due {dueAt:O}"));
            return bookmark;
        }

        public WorkflowTimer CreateTimer(Token token, string activityId, TimerPurpose purpose, DateTimeOffset dueAt)
        {
            var timer = new WorkflowTimer(Guid.CreateVersion7(), Instance.Id, token.Id, activityId, purpose, dueAt, Now);
            token.TimerIds.Add(timer.Id);
            Changes.AddedTimers.Add(timer);
            Journal(JournalEvents.TimerScheduled, activityId, $"{purpose.ToString().ToLowerInvariant()} at {dueAt:O}");
            return timer;
        }

        public OutboxMessage Send(string activityId, string kind, JsonObject payload)
        {
            var id = Guid.CreateVersion7();
            var position = (Changes.ExpectedVersion ?? 0) * OutboxMessage.PositionsPerTransition + Changes.Outbox.Count;
            var message = new OutboxMessage(id, Instance.Id, activityId, kind, payload.ToJsonString(), $"{Instance.Id:N}:{activityId}:{id:N}", Now, position);
            Changes.Outbox.Add(message);
            return message;
        }

        public void Journal(string @event, string? activityId, string? detail)
        {
            Instance.JournalSequence++;
            Changes.Journal.Add(new JournalEntry(Guid.CreateVersion7(), Instance.Id, Instance.JournalSequence, Now, @event, activityId, Actor,
                detail is { Length: > 1000 } ? detail[..1000] : detail));
        }
    }
}
