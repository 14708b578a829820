using Disputes.Workflows.Activities;

namespace Disputes.Workflows.Definitions;

/// <summary>
/// Checks a parsed definition for meaning: duplicate ids, unknown activity types, transitions to missing
/// activities, exactly one start, unreachable activities, activities with no way to finish, and the
/// type-specific settings each activity type checks itself (for example timer durations).
/// </summary>
public sealed class DefinitionValidator(ActivityRegistry registry)
{
    public IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition)
    {
        var problems = new List<DefinitionProblem>();
        var src = definition.Source;

        var seen = new Dictionary<string, ActivityDefinition>(StringComparer.Ordinal);
        foreach (var a in definition.Activities)
        {
            if (!seen.TryAdd(a.Id, a))
                problems.Add(new(src, a.JsonPath + ".id", $"duplicate activity id '{a.Id}' (first used at {seen[a.Id].JsonPath})"));
        }

        foreach (var a in definition.Activities)
        {
            if (!registry.TryGet(a.Type, out var type))
            {
                problems.Add(new(src, a.JsonPath + ".type", $"unknown activity type '{a.Type}'; known types: {string.Join(", ", registry.Types)}"));
                continue;
            }
            type.Validate(a, new ActivityValidationContext(definition, a, problems));
            foreach (var t in a.Transitions.Where(t => !seen.ContainsKey(t.Target)))
                problems.Add(new(src, t.JsonPath, $"transition to missing activity '{t.Target}'"));
        }

        var starts = definition.Activities.Where(a => a.Type == "start").ToList();
        if (starts.Count != 1)
        {
            problems.Add(new(src, "$.activities", $"a definition needs exactly one activity of type 'start' (found {starts.Count})"));
            return problems;
        }

        // Reachability from the start.
        var reachable = new HashSet<string>(StringComparer.Ordinal) { starts[0].Id };
        var queue = new Queue<string>([starts[0].Id]);
        while (queue.Count > 0)
        {
            var current = seen[queue.Dequeue()];
            foreach (var t in current.Transitions)
                if (seen.ContainsKey(t.Target) && reachable.Add(t.Target)) queue.Enqueue(t.Target);
        }
        foreach (var a in definition.Activities.Where(a => !reachable.Contains(a.Id)))
            problems.Add(new(src, a.JsonPath, $"activity '{a.Id}' is unreachable from the start"));

        // Every activity must be able to reach an end.
        var canFinish = new HashSet<string>(definition.Activities.Where(a => a.Type == "end").Select(a => a.Id), StringComparer.Ordinal);
        if (canFinish.Count == 0) problems.Add(new(src, "$.activities", "a definition needs at least one activity of type 'end'"));
        bool changed;
        do
        {
            changed = false;
            foreach (var a in definition.Activities)
                if (!canFinish.Contains(a.Id) && a.Transitions.Any(t => canFinish.Contains(t.Target)))
                    changed |= canFinish.Add(a.Id);
        } while (changed);
        foreach (var a in definition.Activities.Where(a => !canFinish.Contains(a.Id) && a.Type != "end"))
            problems.Add(new(src, a.JsonPath, $"activity '{a.Id}' has no way to finish: no path from it reaches an 'end' activity"));

        return problems;
    }
}
