using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Runtime;

/// <summary>
/// Which activity of the source version becomes which activity of the target version. Ids that are not mapped keep
/// their id (and must then exist in the target). Written as <c>old=new</c> pairs on the command line.
/// </summary>
public sealed class ActivityMapping
{
    private readonly Dictionary<string, string> pairs;

    public ActivityMapping(IReadOnlyDictionary<string, string>? pairs = null) =>
        this.pairs = new Dictionary<string, string>(pairs ?? new Dictionary<string, string>(), StringComparer.Ordinal);

    public static ActivityMapping Identity { get; } = new();

    public IReadOnlyDictionary<string, string> Pairs => pairs;

    /// <summary>The target id for a source activity id: the mapped id, or the same id.</summary>
    public string Map(string sourceActivityId) => pairs.TryGetValue(sourceActivityId, out var target) ? target : sourceActivityId;

    /// <summary>Parses <c>old=new</c> pairs; a malformed or repeated pair is refused.</summary>
    public static ActivityMapping Parse(IEnumerable<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new InvalidMigrationException($"'{item}' is not a mapping; write old=new (e.g. notify-review-started=notify-review-opened).");
            if (!result.TryAdd(parts[0], parts[1]))
                throw new InvalidMigrationException($"'{parts[0]}' is mapped twice.");
        }
        return new ActivityMapping(result);
    }

    /// <summary>
    /// Problems of the mapping itself, found before any instance is looked at: a source id the source version does
    /// not have, or a target id the target version does not have.
    /// </summary>
    public IReadOnlyList<string> Check(WorkflowDefinition source, WorkflowDefinition target)
    {
        var problems = new List<string>();
        foreach (var (from, to) in pairs)
        {
            if (!source.Contains(from)) problems.Add($"'{from}' is not an activity of {source.Id} v{source.Version}.");
            if (!target.Contains(to)) problems.Add($"'{to}' (mapped from '{from}') is not an activity of {target.Id} v{target.Version}.");
        }
        return problems;
    }

    public override string ToString() =>
        pairs.Count == 0 ? "no mappings" : string.Join(", ", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>Why an instance cannot move.</summary>
public enum MigrationProblemKind
{
    /// <summary>The instance has finished or was cancelled.</summary>
    NotOpen,
    /// <summary>A token is faulted; its incident must be resolved first.</summary>
    Faulted,
    /// <summary>A token waits on an activity that the target does not have and the mapping does not name.</summary>
    ActivityMissing,
    /// <summary>The mapped target activity is of another type.</summary>
    TypeChanged,
    /// <summary>An open bookmark (a task's role, a signal's name) would not fit the target activity.</summary>
    BookmarkIncompatible,
    /// <summary>A timer's activity is missing in the target, or the target activity would not handle the timer.</summary>
    TimerIncompatible,
    /// <summary>A token, a fork scope or a join arrival would be stranded: nothing could ever move it on.</summary>
    Stranded,
    /// <summary>The stored state refers to a bookmark or timer that is not there.</summary>
    Inconsistent,
}

public sealed record MigrationProblem(MigrationProblemKind Kind, string? ActivityId, string Message);

public sealed record TokenMove(Guid TokenId, string From, string To);

public sealed record BookmarkMove(Guid BookmarkId, string FromActivityId, string ToActivityId, string FromName, string ToName);

public sealed record TimerMove(Guid TimerId, string FromActivityId, string ToActivityId, DateTimeOffset DueAt);

/// <summary>
/// What moving one instance to another version of its definition would do, or why it cannot. All or nothing: an
/// instance with any problem is not moved at all.
/// </summary>
public sealed record InstanceMigrationPlan(
    Guid InstanceId,
    string DefinitionId,
    int FromVersion,
    int ToVersion,
    string? CorrelationId,
    IReadOnlyList<TokenMove> Tokens,
    IReadOnlyList<BookmarkMove> Bookmarks,
    IReadOnlyList<TimerMove> Timers,
    IReadOnlyList<MigrationProblem> Problems)
{
    public bool CanMove => Problems.Count == 0;
}

/// <summary>The outcome of applying a plan to one instance: moved, or left untouched with the plan's problems.</summary>
public sealed record InstanceMigrationResult(InstanceMigrationPlan Plan, bool Moved, long? Version);

/// <summary>The store's part of a migration: the definition version changes, and open bookmarks and timers are renamed in place.</summary>
public sealed record InstanceMigrationChanges(int FromVersion, int ToVersion, IReadOnlyList<BookmarkMove> Bookmarks, IReadOnlyList<TimerMove> Timers);

/// <summary>A migration request that cannot be planned at all (unknown version, a mapping that names unknown activities).</summary>
public sealed class InvalidMigrationException(string message) : WorkflowException(message);

/// <summary>
/// Plans moving a running instance to another version of its definition, in memory. Every token, open bookmark,
/// timer, fork scope and join arrival is mapped to the target; the plan lists each reason the instance cannot move.
/// A plan that would strand a token (leave it where nothing can move it on) is refused.
/// </summary>
public static class InstanceMigrationPlanner
{
    public static InstanceMigrationPlan Plan(
        WorkflowInstance instance,
        IReadOnlyCollection<Bookmark> openBookmarks,
        IReadOnlyCollection<WorkflowTimer> timers,
        WorkflowDefinition source,
        WorkflowDefinition target,
        ActivityMapping mapping)
    {
        if (source.Id != instance.DefinitionId || source.Version != instance.DefinitionVersion)
            throw new ArgumentException($"Instance {instance.Id} runs {instance.DefinitionId} v{instance.DefinitionVersion}, not {source.Id} v{source.Version}.", nameof(source));
        if (target.Id != source.Id)
            throw new ArgumentException($"Cannot move {source.Id} instances to {target.Id}.", nameof(target));

        var problems = new List<MigrationProblem>();
        var tokenMoves = new List<TokenMove>();
        var bookmarkMoves = new List<BookmarkMove>();
        var timerMoves = new List<TimerMove>();
        var state = instance.State;

        if (instance.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
            problems.Add(new(MigrationProblemKind.NotOpen, null, $"The instance is {instance.Status.ToString().ToLowerInvariant()}."));

        var bookmarksById = openBookmarks.ToDictionary(b => b.Id);
        var timersById = timers.ToDictionary(t => t.Id);

        foreach (var token in state.Tokens)
        {
            var from = token.ActivityId;
            var to = mapping.Map(from);
            tokenMoves.Add(new TokenMove(token.Id, from, to));
            if (token.Status == TokenStatus.Faulted)
                problems.Add(new(MigrationProblemKind.Faulted, from, $"The activity '{from}' is faulted; retry or resolve its incident first."));
            if (!source.Contains(from))
            {
                problems.Add(new(MigrationProblemKind.Inconsistent, from, $"A token waits on '{from}', which v{source.Version} does not have."));
                continue;
            }
            if (!target.Contains(to))
            {
                problems.Add(new(MigrationProblemKind.ActivityMissing, from,
                    $"A token waits on '{from}', which v{target.Version} does not have; map it to an activity of v{target.Version}."));
                continue;
            }
            var sourceActivity = source[from];
            var targetActivity = target[to];
            if (sourceActivity.Type != targetActivity.Type)
            {
                problems.Add(new(MigrationProblemKind.TypeChanged, from,
                    $"'{from}' is a {sourceActivity.Type}, but '{to}' in v{target.Version} is a {targetActivity.Type}."));
                continue;
            }

            foreach (var bookmarkId in token.BookmarkIds)
            {
                if (!bookmarksById.TryGetValue(bookmarkId, out var bookmark))
                {
                    problems.Add(new(MigrationProblemKind.Inconsistent, from, $"The open bookmark {bookmarkId} of '{from}' was not found."));
                    continue;
                }
                var newName = bookmark.Name == from ? to : bookmark.Name;
                if (CheckBookmark(bookmark, sourceActivity, targetActivity, to, target.Version) is { } why)
                    problems.Add(new(MigrationProblemKind.BookmarkIncompatible, from, why));
                bookmarkMoves.Add(new BookmarkMove(bookmark.Id, bookmark.ActivityId, mapping.Map(bookmark.ActivityId), bookmark.Name, newName));
            }

            foreach (var timerId in token.TimerIds)
            {
                if (!timersById.TryGetValue(timerId, out var timer))
                {
                    problems.Add(new(MigrationProblemKind.Inconsistent, from, $"The timer {timerId} of '{from}' was not found."));
                    continue;
                }
                var timerTo = mapping.Map(timer.ActivityId);
                if (!target.Contains(timerTo))
                    problems.Add(new(MigrationProblemKind.TimerIncompatible, timer.ActivityId,
                        $"The timer due {timer.DueAt:O} belongs to '{timer.ActivityId}', which v{target.Version} does not have."));
                else if (timer.Purpose == TimerPurpose.Activity && targetActivity.Type == "humanTask" && targetActivity.Properties["deadline"] is null)
                    problems.Add(new(MigrationProblemKind.TimerIncompatible, from,
                        $"The deadline timer due {timer.DueAt:O} of '{from}' would have no deadline to fire: '{to}' in v{target.Version} has none."));
                timerMoves.Add(new TimerMove(timer.Id, timer.ActivityId, timerTo, timer.DueAt));
            }
        }

        if (problems.Count == 0) CheckScopesAndJoins(instance, source, target, mapping, problems);

        return new InstanceMigrationPlan(instance.Id, instance.DefinitionId, source.Version, target.Version, instance.CorrelationId,
            tokenMoves, bookmarkMoves, timerMoves, problems);
    }

    /// <summary>The journal event of a move; its detail names both versions and the activities that changed id.</summary>
    public const string JournalEvent = JournalEvents.InstanceMigrated;

    /// <summary>
    /// The transition that moves the instance as planned: definition version, token activities, fork scopes and join
    /// arrivals rewritten in its state; open bookmarks and timers renamed in place; one journal entry. Guarded by the
    /// instance's version like every transition.
    /// </summary>
    public static TransitionChanges Apply(WorkflowInstance instance, InstanceMigrationPlan plan, ActivityMapping mapping, string actor, DateTimeOffset now)
    {
        if (!plan.CanMove) throw new InvalidInstanceStateException($"Instance {instance.Id} cannot move: {string.Join(" ", plan.Problems.Select(p => p.Message))}");
        if (plan.InstanceId != instance.Id || plan.FromVersion != instance.DefinitionVersion)
            throw new WorkflowConflictException($"Instance {instance.Id} is no longer on v{plan.FromVersion}; plan again.") { Retryable = false };

        var changes = new TransitionChanges(instance, instance.Version);
        var state = instance.State;
        foreach (var token in state.Tokens) token.ActivityId = mapping.Map(token.ActivityId);
        foreach (var scope in state.Scopes) scope.ForkActivityId = mapping.Map(scope.ForkActivityId);
        foreach (var join in state.Joins)
        {
            join.JoinActivityId = mapping.Map(join.JoinActivityId);
            join.From = join.From.Select(mapping.Map).ToList();
        }
        instance.DefinitionVersion = plan.ToVersion;
        changes.Migration = new InstanceMigrationChanges(plan.FromVersion, plan.ToVersion,
            plan.Bookmarks.Where(b => b.FromActivityId != b.ToActivityId || b.FromName != b.ToName).ToList(),
            plan.Timers.Where(t => t.FromActivityId != t.ToActivityId).ToList());

        var renamed = plan.Tokens.Where(t => t.From != t.To).Select(t => $"{t.From} -> {t.To}").Distinct(StringComparer.Ordinal).ToList();
        var detail = $"{instance.DefinitionId} v{plan.FromVersion} -> v{plan.ToVersion}" + (renamed.Count == 0 ? "" : "; " + string.Join(", ", renamed));
        instance.JournalSequence++;
        changes.Journal.Add(new JournalEntry(Guid.CreateVersion7(), instance.Id, instance.JournalSequence, now, JournalEvent, null, actor,
            detail.Length > 1000 ? detail[..1000] : detail));
        instance.UpdatedAt = now;
        instance.Version = changes.ExpectedVersion!.Value + 1;
        return changes;
    }

    private static string? CheckBookmark(Bookmark bookmark, ActivityDefinition source, ActivityDefinition target, string to, int targetVersion)
    {
        switch (target.Type)
        {
            case "humanTask":
                var role = target.GetString("role");
                if (!string.Equals(role, bookmark.Role, StringComparison.Ordinal))
                    return $"The open task '{bookmark.Name}' is for the role '{bookmark.Role}'; '{to}' in v{targetVersion} is for '{role}'.";
                var assignedBy = source.Properties["assignee"]?.ToJsonString();
                var assignedByTarget = target.Properties["assignee"]?.ToJsonString();
                if (assignedBy != assignedByTarget)
                    return $"The open task '{bookmark.Name}' is assigned by {assignedBy ?? "no rule"}; '{to}' in v{targetVersion} is assigned by {assignedByTarget ?? "no rule"}.";
                if (bookmark.Name != bookmark.ActivityId)
                    return $"The open task '{bookmark.Name}' is not named after its activity '{bookmark.ActivityId}'; v{targetVersion} would name it '{to}'.";
                return null;
            case "signal":
                var signal = target.GetString("signal");
                return signal == bookmark.Name ? null
                    : $"The open bookmark waits for the signal '{bookmark.Name}'; '{to}' in v{targetVersion} waits for '{signal}'.";
            default:
                return null;
        }
    }

    /// <summary>
    /// The parts a single token does not show: each fork scope must still be opened by a fork that encloses its
    /// tokens, each join a token can reach must still be reachable, each recorded join arrival must still come from a
    /// branch of that join, and a join that waits for all its branches must still be able to get every one of them.
    /// </summary>
    private static void CheckScopesAndJoins(WorkflowInstance instance, WorkflowDefinition source, WorkflowDefinition target, ActivityMapping mapping, List<MigrationProblem> problems)
    {
        var state = instance.State;
        var scopes = state.Scopes.ToDictionary(s => s.Id);

        foreach (var token in state.Tokens)
        {
            var from = token.ActivityId;
            var to = mapping.Map(from);
            for (var scopeId = token.ScopeId; scopeId is { } id; scopeId = scopes.GetValueOrDefault(id)?.ParentId)
            {
                if (!scopes.TryGetValue(id, out var scope))
                {
                    problems.Add(new(MigrationProblemKind.Inconsistent, from, $"The token at '{from}' belongs to a fork scope {id} that is not recorded."));
                    break;
                }
                var fork = mapping.Map(scope.ForkActivityId);
                if (!target.Contains(fork) || target[fork].Type != "fork")
                {
                    problems.Add(new(MigrationProblemKind.Stranded, from,
                        $"The token at '{from}' runs inside the fork '{scope.ForkActivityId}', which is not a fork in v{target.Version}."));
                    continue;
                }
                if (!Reachable(target, fork).Contains(to))
                    problems.Add(new(MigrationProblemKind.Stranded, from,
                        $"The token at '{from}' runs inside the fork '{scope.ForkActivityId}', but '{to}' is not within '{fork}' in v{target.Version}."));
            }

            // Inside a fork scope, every join the token could reach before it must still reach (mapped): the scope closes there.
            if (token.ScopeId is null) continue;
            var reachableInTarget = Reachable(target, to);
            foreach (var join in Reachable(source, from).Where(a => source[a].Type == "join"))
            {
                var mapped = mapping.Map(join);
                if (!target.Contains(mapped) || target[mapped].Type != "join")
                    problems.Add(new(MigrationProblemKind.Stranded, from,
                        $"The token at '{from}' leads to the join '{join}', which is not a join in v{target.Version}."));
                else if (!reachableInTarget.Contains(mapped))
                    problems.Add(new(MigrationProblemKind.Stranded, from,
                        $"The token at '{from}' leads to the join '{join}', which '{to}' no longer reaches in v{target.Version}."));
            }
        }

        foreach (var arrival in state.Joins)
        {
            var join = mapping.Map(arrival.JoinActivityId);
            if (!target.Contains(join) || target[join].Type != "join")
            {
                problems.Add(new(MigrationProblemKind.Stranded, arrival.JoinActivityId,
                    $"Branches have arrived at the join '{arrival.JoinActivityId}', which is not a join in v{target.Version}."));
                continue;
            }
            foreach (var branch in arrival.From.Distinct(StringComparer.Ordinal))
            {
                var mapped = mapping.Map(branch);
                if (!target.Contains(mapped) || !target[mapped].Transitions.Any(t => t.Target == join))
                    problems.Add(new(MigrationProblemKind.Stranded, arrival.JoinActivityId,
                        $"The join '{arrival.JoinActivityId}' recorded an arrival from '{branch}', which is not a branch of '{join}' in v{target.Version}."));
            }
        }
        if (problems.Count > 0) return;

        // A join that waits for all its branches must still be able to get each one: from an arrival recorded, or
        // from a token that can reach it. Only what the move introduces is refused (the same gap in the source is not ours).
        var before = UnreachableBranches(source, state.Tokens.Select(t => t.ActivityId), state.Joins.Select(j => (j.JoinActivityId, (IEnumerable<string>)j.From)))
            .Select(g => mapping.Map(g.Join)).ToHashSet(StringComparer.Ordinal);
        foreach (var (join, branch) in UnreachableBranches(target, state.Tokens.Select(t => mapping.Map(t.ActivityId)),
                     state.Joins.Select(j => (mapping.Map(j.JoinActivityId), j.From.Select(mapping.Map)))))
        {
            if (!before.Contains(join))
                problems.Add(new(MigrationProblemKind.Stranded, join,
                    $"The join '{join}' waits for all its branches in v{target.Version}, but nothing that runs can arrive from '{branch}'."));
        }
    }

    /// <summary>Branches of joins that wait for all of them (and that a token can reach, or that have arrivals) which neither arrived nor can be reached.</summary>
    private static IEnumerable<(string Join, string Branch)> UnreachableBranches(
        WorkflowDefinition definition, IEnumerable<string> tokenActivities, IEnumerable<(string Join, IEnumerable<string> From)> arrivals)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var activity in tokenActivities) reachable.UnionWith(Reachable(definition, activity));
        var arrived = arrivals.ToList();
        var joins = reachable.Where(a => definition.Contains(a) && definition[a].Type == "join")
            .Concat(arrived.Select(a => a.Join))
            .Distinct(StringComparer.Ordinal)
            .Where(j => definition.Contains(j) && definition[j].GetString("mode") != "any");
        foreach (var join in joins)
        {
            var from = arrived.Where(a => a.Join == join).SelectMany(a => a.From).ToHashSet(StringComparer.Ordinal);
            foreach (var branch in definition.Activities.Where(a => a.Transitions.Any(t => t.Target == join)).Select(a => a.Id))
                if (!from.Contains(branch) && !reachable.Contains(branch)) yield return (join, branch);
        }
    }

    /// <summary>Activities reachable from <paramref name="start"/> (inclusive) by following transitions.</summary>
    private static HashSet<string> Reachable(WorkflowDefinition definition, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var id))
        {
            if (!definition.Contains(id)) continue;
            foreach (var t in definition[id].Transitions)
                if (seen.Add(t.Target)) queue.Enqueue(t.Target);
        }
        return seen;
    }
}
