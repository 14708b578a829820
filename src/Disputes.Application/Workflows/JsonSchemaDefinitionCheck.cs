using Disputes.Workflows.Definitions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Disputes.Application.Workflows;

/// <summary>Checks definition files against <c>workflows/schema/workflow.schema.json</c> (the same schema editors use).</summary>
public sealed class JsonSchemaDefinitionCheck : IDefinitionSchemaCheck
{
    private readonly JsonSchema schema;

    private JsonSchemaDefinitionCheck(JsonSchema schema) => this.schema = schema;

    public static JsonSchemaDefinitionCheck FromFile(string path)
    {
        if (!File.Exists(path)) throw new WorkflowDefinitionException([new DefinitionProblem(path, "$", "the workflow schema file is missing")]);
        return new JsonSchemaDefinitionCheck(JsonSchema.FromJsonAsync(File.ReadAllText(path)).GetAwaiter().GetResult());
    }

    public IEnumerable<DefinitionProblem> Check(string json, string source)
    {
        ICollection<ValidationError> errors;
        try
        {
            errors = schema.Validate(json);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            return [new DefinitionProblem(source, "$", "not valid JSON: " + ex.Message)];
        }
        return Flatten(errors).Select(e => new DefinitionProblem(source, ToJsonPath(e.Path), Describe(e))).ToList();
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var e in errors)
        {
            if (e is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                // Report the branch that came closest (fewest errors), not every alternative of a oneOf.
                var best = child.Errors.OrderBy(kv => kv.Value.Count).First().Value;
                foreach (var inner in Flatten(best)) yield return inner;
            }
            else yield return e;
        }
    }

    private static string ToJsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "#" ? "$" : "$" + path.TrimStart('#').Replace("/", ".", StringComparison.Ordinal);

    private static string Describe(ValidationError e) => e.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"required property '{e.Property}' is missing",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"property '{e.Property}' is not allowed here",
        ValidationErrorKind.NotInEnumeration => "value is not one of the allowed values",
        _ => $"schema violation: {e.Kind}" + (e.Property is null ? "" : $" at '{e.Property}'"),
    };
}
