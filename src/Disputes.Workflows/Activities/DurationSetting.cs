using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;

namespace Disputes.Workflows.Activities;

/// <summary>
/// A duration in a definition: a literal ISO 8601 duration (<c>"P3D"</c>), or a path into the instance data
/// (<c>"$.clocks.review"</c>) with a literal <c>"default"</c> beside it. The path form lets an application
/// configure its clocks without a code change and pin them per instance at start.
/// </summary>
public static class DurationSetting
{
    /// <summary>Checks <paramref name="owner"/>[<paramref name="property"/>] (and its <c>default</c> when it is a path).</summary>
    public static void Validate(JsonObject owner, string property, string defaultProperty, string jsonPath, bool businessDays, ActivityValidationContext context)
    {
        var text = owner[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (DataPath.IsPath(text))
        {
            var fallback = owner[defaultProperty] is JsonValue d && d.TryGetValue<string>(out var ds) ? ds : null;
            if (fallback is null) context.Problem($"{jsonPath}.{defaultProperty}", $"'{text}' is a data path, so a literal '{defaultProperty}' duration is needed beside it");
            else context.RequireDuration($"{jsonPath}.{defaultProperty}", fallback, businessDays);
            return;
        }
        context.RequireDuration($"{jsonPath}.{property}", text, businessDays);
    }

    /// <summary>The duration for this instance: the data at the path when present, else the default.</summary>
    public static IsoDuration Resolve(JsonObject owner, string property, string defaultProperty, JsonObject data)
    {
        var text = owner[property]!.GetValue<string>();
        if (!DataPath.IsPath(text)) return IsoDuration.Parse(text);
        var configured = DataPath.Get(data, text) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (configured is null) return IsoDuration.Parse(owner[defaultProperty]!.GetValue<string>());
        return IsoDuration.TryParse(configured, out var d)
            ? d
            : throw new InvalidOperationException($"'{text}' holds '{configured}', which is not an ISO 8601 duration.");
    }
}
