namespace Disputes.Workflows.Definitions;

/// <summary>A problem found in a definition file: which file, where in it (a JSON path) and what.</summary>
public sealed record DefinitionProblem(string Source, string JsonPath, string Message)
{
    public override string ToString() => $"{Source}: {JsonPath}: {Message}";
}

/// <summary>Thrown when one or more definition files are invalid. The message lists every problem.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    public WorkflowDefinitionException(IReadOnlyList<DefinitionProblem> problems)
        : base("Invalid workflow definition(s):" + Environment.NewLine +
               string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    public WorkflowDefinitionException() : this([]) { }

    public WorkflowDefinitionException(string message) : base(message) { Problems = []; }

    public WorkflowDefinitionException(string message, Exception inner) : base(message, inner) { Problems = []; }

    public IReadOnlyList<DefinitionProblem> Problems { get; } = [];
}
