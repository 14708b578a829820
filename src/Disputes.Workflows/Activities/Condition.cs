using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Disputes.Workflows.Activities;

/// <summary>
/// Conditions of decision branches, as JSON:
/// <c>{"path": "$.order.value", "gt": 500}</c> with one of eq, ne, gt, gte, lt, lte, in, exists;
/// or <c>{"all": [...]}</c>, <c>{"any": [...]}</c>, <c>{"not": {...}}</c>.
/// </summary>
public static class Condition
{
    private static readonly string[] Comparisons = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"];

    public static string? Check(JsonNode? condition)
    {
        switch (condition)
        {
            case JsonObject o when o.TryGetPropertyValue("all", out var all) || o.TryGetPropertyValue("any", out all):
                return all is JsonArray list && list.Count > 0
                    ? list.Select(Check).FirstOrDefault(e => e is not null)
                    : "'all'/'any' must be a non-empty array of conditions";
            case JsonObject o when o.TryGetPropertyValue("not", out var inner):
                return Check(inner);
            case JsonObject o:
                if (o["path"] is not JsonValue p || !p.TryGetValue<string>(out var path) || !DataPath.IsPath(path))
                    return "a condition needs 'path' starting with '$.'";
                var ops = o.Select(kv => kv.Key).Where(k => k != "path").ToList();
                if (ops.Count != 1 || !Comparisons.Contains(ops[0]))
                    return $"a condition needs exactly one of: {string.Join(", ", Comparisons)}";
                if (ops[0] == "in" && o["in"] is not JsonArray) return "'in' takes an array";
                return null;
            default:
                return "a condition must be a JSON object";
        }
    }

    public static bool Evaluate(JsonNode? condition, JsonObject data)
    {
        var o = condition as JsonObject ?? throw new InvalidOperationException("A condition must be an object.");
        if (o.TryGetPropertyValue("all", out var all)) return all!.AsArray().All(c => Evaluate(c, data));
        if (o.TryGetPropertyValue("any", out var any)) return any!.AsArray().Any(c => Evaluate(c, data));
        if (o.TryGetPropertyValue("not", out var not)) return !Evaluate(not, data);

        var actual = DataPath.Get(data, o["path"]!.GetValue<string>());
        var (op, expected) = o.Where(kv => kv.Key != "path").Select(kv => (kv.Key, kv.Value)).Single();
        return op switch
        {
            "exists" => (actual is not null) == (expected?.GetValue<bool>() ?? true),
            "eq" => JsonNode.DeepEquals(actual, expected) || NumbersEqual(actual, expected),
            "ne" => !(JsonNode.DeepEquals(actual, expected) || NumbersEqual(actual, expected)),
            "in" => expected!.AsArray().Any(e => JsonNode.DeepEquals(actual, e) || NumbersEqual(actual, e)),
            "gt" => Compare(actual, expected) > 0,
            "gte" => Compare(actual, expected) >= 0,
            "lt" => Compare(actual, expected) < 0,
            "lte" => Compare(actual, expected) <= 0,
            _ => throw new InvalidOperationException($"Unknown comparison '{op}'."),
        };
    }

    private static bool NumbersEqual(JsonNode? a, JsonNode? b) =>
        TryNumber(a, out var x) && TryNumber(b, out var y) && x == y;

    private static int Compare(JsonNode? actual, JsonNode? expected)
    {
        if (actual is null) return -1; // a missing value is below every bound, so "gt" is false and "lt" true
        if (TryNumber(actual, out var x) && TryNumber(expected, out var y)) return x.CompareTo(y);
        var a = actual.GetValueKind() == JsonValueKind.String ? actual.GetValue<string>() : actual.ToJsonString();
        var b = expected?.GetValueKind() == JsonValueKind.String ? expected.GetValue<string>() : expected?.ToJsonString();
        return string.CompareOrdinal(a, b);
    }

    private static bool TryNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        if (v.GetValueKind() == JsonValueKind.Number) return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        return false;
    }
}
