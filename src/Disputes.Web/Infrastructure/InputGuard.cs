using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Disputes.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// One check of every endpoint's bound input, before the endpoint runs: texts with control characters (other than
/// tab, carriage return and line feed) or broken UTF-16, and lists with null elements, get 422 naming each field
/// (as in the JSON body: <c>outcomes[1]</c>, <c>description</c>; query, route and header values by their name);
/// NaN and infinities get 400. So the answer is the same on every database (PostgreSQL cannot store a NUL at all)
/// and no use case has to repeat the check.
/// </summary>
public static class InputGuard
{
    private const int MaxDepth = 32;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((p, i) => (Index: i, Parameter: p))
            .Where(x => x.Parameter.GetCustomAttribute<FromBodyAttribute>() is not null || Inspectable(x.Parameter.ParameterType))
            .Select(x => (x.Index, Root: RootName(x.Parameter)))
            .ToList();
        if (checks.Count == 0) return next;
        return async invocation =>
        {
            var errors = new RuleErrors();
            var numbers = new List<string>();
            foreach (var (index, root) in checks)
                if (index < invocation.Arguments.Count) Inspect(invocation.Arguments[index], root, errors, numbers, 0);
            if (numbers.Count > 0)
                throw new BadHttpRequestException($"{string.Join(", ", numbers)}: NaN and infinities are not numbers.", StatusCodes.Status400BadRequest);
            if (errors.Count > 0) throw new DomainRuleException("The request holds characters or values that are not allowed.", errors.ToDictionary());
            return await next(invocation);
        };
    }

    /// <summary>A body is named by its fields alone; anything else by its parameter (or header/query) name.</summary>
    private static string RootName(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<FromBodyAttribute>() is not null) return "";
        if (parameter.GetCustomAttribute<FromHeaderAttribute>()?.Name is { } header) return header;
        if (parameter.GetCustomAttribute<FromQueryAttribute>()?.Name is { } query) return query;
        if (parameter.GetCustomAttribute<FromRouteAttribute>()?.Name is { } route) return route;
        if (parameter.GetCustomAttribute<FromFormAttribute>()?.Name is { } form) return form;
        return parameter.Name ?? "";
    }

    /// <summary>Values bound from the route, the query or a header (bodies are marked [FromBody]; services are never looked at).</summary>
    private static bool Inspectable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(double) || type == typeof(float)) return true;
        return ElementType(type) is { } element && Inspectable(element);
    }

    /// <summary>The service's own request types (records of bodies and their parts), whose properties are looked at.</summary>
    private static bool IsOwnType(Type type) => type.IsClass && !typeof(Delegate).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("Disputes.", StringComparison.Ordinal) == true;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static void Inspect(object? value, string path, RuleErrors errors, List<string> numbers, int depth)
    {
        if (value is null || depth > MaxDepth) return;
        switch (value)
        {
            case string text:
                if (Problem(text) is { } problem) errors.Add(Name(path), problem);
                return;
            case double d when !double.IsFinite(d):
            case float f when !float.IsFinite(f):
                numbers.Add(Name(path));
                return;
            case JsonNode node:
                try
                {
                    InspectJson(node, path, errors, depth);
                }
                catch (Exception ex) when (ex is InvalidOperationException or JsonException or FormatException)
                {
                    // JSON held as a tree is decoded only when read: escapes that are not valid UTF-16 show up here.
                    errors.Add(Name(path), "The JSON is not valid Unicode text.");
                }
                return;
            case IDictionary:
                return;
            case IEnumerable list:
                var i = 0;
                foreach (var item in list)
                {
                    var at = $"{path}[{i++}]";
                    if (item is null) errors.Add(at, "A list holds no empty (null) elements.");
                    else Inspect(item, at, errors, numbers, depth + 1);
                }
                return;
        }
        var type = value.GetType();
        if (!IsOwnType(type)) return;
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
            Inspect(property.GetValue(value), Join(path, JsonName(property)), errors, numbers, depth + 1);
    }

    private static void InspectJson(JsonNode node, string path, RuleErrors errors, int depth)
    {
        if (depth > MaxDepth) return;
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (Problem(key) is { } keyProblem) errors.Add(Join(path, key), "Name: " + keyProblem);
                    if (child is not null) InspectJson(child, Join(path, key), errors, depth + 1);
                }
                return;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } child) InspectJson(child, $"{path}[{i}]", errors, depth + 1);
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && Problem(v.GetValue<string>()) is { } problem:
                errors.Add(Name(path), problem);
                return;
        }
    }

    /// <summary>What is wrong with a text, or null.</summary>
    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
                return $"Control characters are not allowed (U+{(int)c:X4} at position {i}); only tab, carriage return and line feed are.";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return $"The text is not valid Unicode (a lone surrogate at position {i}).";
        }
        return null;
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string path) => path.Length == 0 ? "body" : path;
}
