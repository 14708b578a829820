using System.Text.Json.Nodes;

namespace Disputes.Workflows.Definitions;

/// <summary>A versioned workflow definition, read from one JSON file in <c>workflows/</c>.</summary>
public sealed record WorkflowDefinition(
    string Id,
    int Version,
    string Name,
    string? Description,
    IReadOnlyList<ActivityDefinition> Activities,
    string Source,
    string ContentHash)
{
    private readonly Dictionary<string, ActivityDefinition> byId =
        Activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public ActivityDefinition Start => Activities.Single(a => a.Type == "start");

    public ActivityDefinition this[string activityId] =>
        byId.TryGetValue(activityId, out var activity)
            ? activity
            : throw new KeyNotFoundException($"Workflow '{Id}' v{Version} has no activity '{activityId}'.");

    public bool Contains(string activityId) => byId.ContainsKey(activityId);

    /// <summary>Number of distinct activities that transition into <paramref name="activityId"/>.</summary>
    public int InboundCount(string activityId) =>
        Activities.Count(a => a.Transitions.Any(t => t.Target == activityId));
}

/// <summary>One activity of a definition. <see cref="Properties"/> holds the type-specific settings.</summary>
public sealed record ActivityDefinition(
    string Id,
    string Type,
    JsonObject Properties,
    IReadOnlyList<Transition> Transitions,
    string JsonPath)
{
    public IEnumerable<Transition> For(string outcome) => Transitions.Where(t => t.Outcome == outcome);

    public string? GetString(string property) =>
        Properties.TryGetPropertyValue(property, out var node) && node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public bool GetBool(string property) =>
        Properties.TryGetPropertyValue(property, out var node) && node is JsonValue value && value.TryGetValue<bool>(out var b) && b;
}

/// <summary>An edge: when the activity completes with <see cref="Outcome"/>, control moves to <see cref="Target"/>.</summary>
public sealed record Transition(string Outcome, string Target, string JsonPath);
