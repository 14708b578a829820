using System.Text.Json.Nodes;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Workflows.Activities;

/// <summary>What an activity sees and may do while it runs inside one transition.</summary>
public sealed class ActivityExecutionContext
{
    private readonly WorkflowInterpreter.Session session;

    internal ActivityExecutionContext(WorkflowInterpreter.Session session, ActivityDefinition activity, Token token, JsonObject? input)
    {
        this.session = session;
        Activity = activity;
        Token = token;
        Input = input;
    }

    public ActivityDefinition Activity { get; }
    public WorkflowDefinition Definition => session.Definition;
    public Guid InstanceId => session.Instance.Id;
    public string? CorrelationId => session.Instance.CorrelationId;
    public Token Token { get; }
    /// <summary>The stimulus input, when resumed by a bookmark (or the start input for the start activity).</summary>
    public JsonObject? Input { get; }
    public JsonObject Data => session.Instance.State.Data;
    public DateTimeOffset Now => session.Now;
    public string Actor => session.Actor;

    internal string? CompletedWith { get; private set; }
    internal IReadOnlyList<string>? ForkedInto { get; private set; }
    internal bool Ended { get; private set; }
    internal bool Terminated { get; private set; }

    public void Complete(string outcome = DefinitionParser.Done) => CompletedWith = outcome;

    /// <summary>Follows every listed outcome at once, each in a parallel token of a new scope.</summary>
    public void Fork(IReadOnlyList<string> outcomes) => ForkedInto = outcomes;

    /// <summary>Ends this token; with <paramref name="terminate"/> the whole instance finishes.</summary>
    public void End(bool terminate = false)
    {
        Ended = true;
        Terminated = terminate;
    }

    public Bookmark CreateBookmark(string name, string? role = null, string? assignee = null, DateTimeOffset? dueAt = null) =>
        session.CreateBookmark(Token, Activity.Id, name, role, assignee, dueAt);

    public WorkflowTimer CreateTimer(DateTimeOffset dueAt) => session.CreateTimer(Token, Activity.Id, TimerPurpose.Activity, dueAt);

    /// <summary>Records a side effect in this transition's outbox; it runs after the commit, under an idempotency key.</summary>
    public OutboxMessage Send(string kind, JsonObject payload) => session.Send(Activity.Id, kind, payload);

    public void Journal(string @event, string? detail = null) => session.Journal(@event, Activity.Id, detail);

    /// <summary>
    /// Resolves a value from a definition: a string starting with <c>$.</c> is a path into the instance
    /// data (e.g. <c>$.order.value</c>); anything else is a literal. Objects and arrays resolve element-wise.
    /// </summary>
    public JsonNode? Resolve(JsonNode? node) => DataPath.Resolve(node, Data);
}
