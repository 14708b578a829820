using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Disputes.Workflows.Definitions;

/// <summary>
/// Reads a definition file into a <see cref="WorkflowDefinition"/>. Transitions are read the same way for
/// every activity type:
/// <c>"next": "id"</c> is the outcome <c>done</c>; <c>"outcomes": {"name": "id"}</c> are named outcomes;
/// <c>"branches": ["id", {"next": "id"}]</c> are outcomes <c>branch:0</c>, <c>branch:1</c>...;
/// <c>"otherwise": "id"</c> is the outcome <c>otherwise</c>.
/// </summary>
public static class DefinitionParser
{
    public const string Done = "done";
    public const string Otherwise = "otherwise";
    public static string Branch(int index) => $"branch:{index}";

    public static WorkflowDefinition? Parse(string json, string source, List<DefinitionProblem> problems)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            problems.Add(new DefinitionProblem(source, $"$ (line {ex.LineNumber + 1})", "not valid JSON: " + ex.Message));
            return null;
        }

        if (root is not JsonObject obj)
        {
            problems.Add(new DefinitionProblem(source, "$", "a definition must be a JSON object"));
            return null;
        }

        var before = problems.Count;
        var id = RequiredString(obj, "id", "$", source, problems);
        var name = OptionalString(obj, "name") ?? id ?? "";
        var description = OptionalString(obj, "description");
        var version = 0;
        if (!obj.TryGetPropertyValue("version", out var vNode) || vNode is not JsonValue vv || !vv.TryGetValue(out version) || version < 1)
            problems.Add(new DefinitionProblem(source, "$.version", "'version' must be a whole number of at least 1"));

        var activities = new List<ActivityDefinition>();
        if (!obj.TryGetPropertyValue("activities", out var aNode) || aNode is not JsonArray array || array.Count == 0)
        {
            problems.Add(new DefinitionProblem(source, "$.activities", "'activities' must be a non-empty array"));
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"$.activities[{i}]";
                if (array[i] is not JsonObject a)
                {
                    problems.Add(new DefinitionProblem(source, path, "an activity must be a JSON object"));
                    continue;
                }
                var aid = RequiredString(a, "id", path, source, problems);
                var type = RequiredString(a, "type", path, source, problems);
                if (aid is null || type is null) continue;
                activities.Add(new ActivityDefinition(aid, type, (JsonObject)a.DeepClone(), ReadTransitions(a, path, source, problems), path));
            }
        }

        if (problems.Count > before || id is null) return null;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        return new WorkflowDefinition(id, version, name, description, activities, source, hash);
    }

    private static List<Transition> ReadTransitions(JsonObject a, string path, string source, List<DefinitionProblem> problems)
    {
        var transitions = new List<Transition>();
        if (a.TryGetPropertyValue("next", out var next))
        {
            if (AsString(next) is { } target) transitions.Add(new Transition(Done, target, path + ".next"));
            else problems.Add(new DefinitionProblem(source, path + ".next", "'next' must be an activity id"));
        }
        if (a.TryGetPropertyValue("otherwise", out var otherwise))
        {
            if (AsString(otherwise) is { } target) transitions.Add(new Transition(Otherwise, target, path + ".otherwise"));
            else problems.Add(new DefinitionProblem(source, path + ".otherwise", "'otherwise' must be an activity id"));
        }
        if (a.TryGetPropertyValue("outcomes", out var outcomes))
        {
            if (outcomes is JsonObject map && map.Count > 0)
            {
                foreach (var (outcome, node) in map)
                {
                    if (AsString(node) is { } target) transitions.Add(new Transition(outcome, target, $"{path}.outcomes.{outcome}"));
                    else problems.Add(new DefinitionProblem(source, $"{path}.outcomes.{outcome}", "an outcome must name an activity id"));
                }
            }
            else problems.Add(new DefinitionProblem(source, path + ".outcomes", "'outcomes' must be a non-empty object of outcome name to activity id"));
        }
        if (a.TryGetPropertyValue("branches", out var branches))
        {
            if (branches is JsonArray list && list.Count > 0)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var bpath = $"{path}.branches[{i}]";
                    var target = list[i] switch
                    {
                        JsonValue v => AsString(v),
                        JsonObject o when o.TryGetPropertyValue("next", out var n) => AsString(n),
                        _ => null,
                    };
                    if (target is not null) transitions.Add(new Transition(Branch(i), target, bpath));
                    else problems.Add(new DefinitionProblem(source, bpath, "a branch must be an activity id or an object with 'next'"));
                }
            }
            else problems.Add(new DefinitionProblem(source, path + ".branches", "'branches' must be a non-empty array"));
        }
        return transitions;
    }

    private static string? RequiredString(JsonObject o, string property, string path, string source, List<DefinitionProblem> problems)
    {
        var value = o.TryGetPropertyValue(property, out var node) ? AsString(node) : null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new DefinitionProblem(source, $"{path}.{property}", $"'{property}' is required and must be a non-empty string"));
            return null;
        }
        return value;
    }

    private static string? OptionalString(JsonObject o, string property) =>
        o.TryGetPropertyValue(property, out var node) ? AsString(node) : null;

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
