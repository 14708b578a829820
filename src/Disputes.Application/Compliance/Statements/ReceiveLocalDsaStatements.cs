using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Compliance.Statements;

public sealed record LocalDsaStatement(string Puid, DateTimeOffset ReceivedAt, JsonNode? Statement);

/// <summary>The embedded default's stand-in for the Transparency Database: keeps what it accepts.</summary>
public interface ILocalDsaSink
{
    Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyCollection<string> puids, CancellationToken cancellationToken);
    Task AddAsync(IReadOnlyList<(string Puid, string Payload)> statements, DateTimeOffset at, CancellationToken cancellationToken);
    Task<Page<LocalDsaStatement>> ListAsync(int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>
/// The local sink's <c>POST /api/v1/statements</c>: like the database, it takes a batch of at most 100, checks every
/// statement with the same rules, refuses the whole batch with 422 and the problems by statement when one fails
/// (or its puid exists), and otherwise keeps them all and answers 201.
/// </summary>
public sealed record ReceiveLocalDsaStatements(JsonNode? Body) : ICommand<DsaResponse>;

public sealed class ReceiveLocalDsaStatementsHandler(ILocalDsaSink sink, TimeProvider clock) : ICommandHandler<ReceiveLocalDsaStatements, DsaResponse>
{
    public async ValueTask<DsaResponse> Handle(ReceiveLocalDsaStatements command, CancellationToken cancellationToken)
    {
        if (command.Body?["statements"] is not JsonArray list || list.Count == 0)
            return Refuse(new JsonObject { ["statements"] = new JsonArray("give 'statements': an array of 1 to 100 statements") });
        if (list.Count > 100) return Refuse(new JsonObject { ["statements"] = new JsonArray("at most 100 statements per request") });
        var errors = new JsonObject();
        var accepted = new List<(string Puid, string Payload)>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject statement) { errors[$"statement_{i}"] = new JsonArray("must be an object"); continue; }
            var problems = DsaValidator.Validate(statement);
            if (problems.Count > 0) errors[$"statement_{i}"] = new JsonArray(problems.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
            else accepted.Add((statement["puid"]!.GetValue<string>(), statement.ToJsonString()));
        }
        foreach (var dup in accepted.GroupBy(a => a.Puid).Where(g => g.Count() > 1)) errors[dup.Key] = new JsonArray("puid appears twice in the batch");
        foreach (var existing in await sink.ExistingAsync(accepted.Select(a => a.Puid).ToList(), cancellationToken))
            errors[existing] = new JsonArray("puid: a statement with this puid already exists");
        if (errors.Count > 0) return Refuse(errors);
        await sink.AddAsync(accepted, clock.GetUtcNow(), cancellationToken);
        return new DsaResponse(201, new JsonObject { ["statements"] = new JsonArray(accepted.Select(a => (JsonNode?)new JsonObject { ["puid"] = a.Puid }).ToArray()) }.ToJsonString());
    }

    private static DsaResponse Refuse(JsonObject errors) =>
        new(422, new JsonObject { ["message"] = "The given data was invalid.", ["errors"] = errors }.ToJsonString());
}
