using System.Text.Json.Nodes;

namespace Disputes.Workflows.Activities;

/// <summary>Minimal data paths into instance data: <c>$.a.b.c</c> (object members only).</summary>
public static class DataPath
{
    public static bool IsPath(string? text) => text is not null && (text == "$" || text.StartsWith("$.", StringComparison.Ordinal));

    public static JsonNode? Get(JsonObject data, string path)
    {
        if (path == "$") return data;
        JsonNode? current = data;
        foreach (var segment in path[2..].Split('.'))
        {
            if (current is not JsonObject o || !o.TryGetPropertyValue(segment, out current)) return null;
        }
        return current;
    }

    public static JsonNode? Resolve(JsonNode? node, JsonObject data) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && IsPath(s) => Get(data, s)?.DeepClone(),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Resolve(kv.Value, data)))),
        JsonArray a => new JsonArray(a.Select(e => Resolve(e, data)).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
