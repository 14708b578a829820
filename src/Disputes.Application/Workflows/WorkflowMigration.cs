using Disputes.Application.Complaints;
using Disputes.Application.Ports;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;

namespace Disputes.Application.Workflows;

/// <summary>
/// Which instances to move: the open instances of <paramref name="DefinitionId"/> v<paramref name="FromVersion"/>
/// (or only <paramref name="InstanceIds"/> among them), to v<paramref name="ToVersion"/>, with activity
/// <paramref name="Mappings"/> (old id to new id; unmapped ids keep their id).
/// </summary>
public sealed record WorkflowMigrationRequest(
    string DefinitionId,
    int FromVersion,
    int ToVersion,
    IReadOnlyDictionary<string, string>? Mappings = null,
    IReadOnlyList<Guid>? InstanceIds = null);

/// <summary>One instance in a plan or a result: whether it can move (and did), and why not.</summary>
public sealed record InstanceMigrationLine(
    Guid InstanceId,
    InstanceStatus Status,
    Guid? CaseId,
    string? CaseNumber,
    bool CanMove,
    bool Moved,
    IReadOnlyList<TokenMove> Tokens,
    IReadOnlyList<MigrationProblem> Problems);

public sealed record WorkflowMigrationReport(
    string DefinitionId,
    int FromVersion,
    int ToVersion,
    IReadOnlyDictionary<string, string> Mappings,
    bool Applied,
    int Movable,
    int Moved,
    int Refused,
    IReadOnlyList<InstanceMigrationLine> Instances)
{
    public static WorkflowMigrationReport Of(WorkflowMigrationRequest request, ActivityMapping mapping, bool applied, IReadOnlyList<InstanceMigrationLine> lines) =>
        new(request.DefinitionId, request.FromVersion, request.ToVersion, mapping.Pairs, applied,
            lines.Count(l => l.CanMove), lines.Count(l => l.Moved), lines.Count(l => !l.CanMove || (applied && !l.Moved)), lines);
}

/// <summary>What planning and applying share: the request checked, and the instances it names with their cases.</summary>
public sealed class WorkflowMigrationScope(WorkflowDefinitionCatalog catalog, IWorkflowReadModel instances, IComplaintRepository complaints)
{
    /// <summary>Instances are listed in pages of this size.</summary>
    public const int PageSize = 200;

    /// <summary>An instance to plan; <paramref name="NotOpen"/> says why a named instance is reported without being planned.</summary>
    public sealed record Target(Guid InstanceId, InstanceStatus Status, Guid? CaseId, string? CaseNumber, string? NotOpen = null);

    /// <summary>
    /// Checks the request before any instance is looked at: both versions exist (else 404), they differ, and the
    /// mapping names activities of the source and of the target only (else 422, naming each problem).
    /// </summary>
    public ActivityMapping Check(WorkflowMigrationRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionId)) throw new InvalidMigrationException("definitionId is required.");
        if (request.FromVersion < 1 || request.ToVersion < 1) throw new InvalidMigrationException("fromVersion and toVersion are required (1 or more).");
        var source = catalog.Get(request.DefinitionId, request.FromVersion);
        var target = catalog.Get(request.DefinitionId, request.ToVersion);
        if (source.Version == target.Version) throw new InvalidMigrationException($"fromVersion and toVersion are both {source.Version}; nothing to move.");
        var mapping = new ActivityMapping(request.Mappings);
        var problems = mapping.Check(source, target);
        if (problems.Count > 0) throw new InvalidMigrationException("The mapping does not fit the definitions: " + string.Join(" ", problems));
        return mapping;
    }

    /// <summary>
    /// The open instances on the source version (running, waiting or faulted), or those named. A named instance of
    /// another definition, or none at all, is refused (422 naming them); one that has finished or is on another version
    /// by now is reported as such. With the case each belongs to, when it is a case's workflow.
    /// </summary>
    public async Task<IReadOnlyList<Target>> InstancesAsync(WorkflowMigrationRequest request, CancellationToken cancellationToken)
    {
        var open = new List<InstanceSummary>();
        foreach (var status in (InstanceStatus[])[InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Faulted])
        {
            for (var page = 1; ; page++)
            {
                var found = await instances.QueryInstancesAsync(new InstanceQuery(status, request.DefinitionId, request.FromVersion, null, null, page, PageSize), cancellationToken);
                open.AddRange(found.Items);
                if (found.Items.Count < PageSize) break;
            }
        }
        var notOpen = new Dictionary<Guid, string>();
        if (request.InstanceIds is { } named)
        {
            var byId = open.ToDictionary(i => i.Id);
            var unknown = new List<Guid>();
            foreach (var id in named.Distinct().Where(id => !byId.ContainsKey(id)))
            {
                // Named, but not open on the source version: finished or moved meanwhile (reported), or a mistake (refused).
                var found = (await instances.GetInstanceAsync(id, cancellationToken))?.Instance;
                if (found is null || found.DefinitionId != request.DefinitionId) { unknown.Add(id); continue; }
                byId[id] = found;
                notOpen[id] = found.DefinitionVersion != request.FromVersion
                    ? $"The instance is on v{found.DefinitionVersion}, not v{request.FromVersion}."
                    : $"The instance is {found.Status.ToString().ToLowerInvariant()}.";
            }
            if (unknown.Count > 0)
                throw new InvalidMigrationException($"Not instances of {request.DefinitionId}: {string.Join(", ", unknown)}.");
            open = named.Distinct().Select(id => byId[id]).ToList();
        }

        var caseIds = open.Select(i => Guid.TryParse(i.CorrelationId, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var cases = caseIds.Count == 0 ? [] : (await complaints.FindManyAsync(caseIds, cancellationToken)).ToDictionary(c => c.Id, c => c.Number);
        return open.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i =>
        {
            var caseId = Guid.TryParse(i.CorrelationId, out var id) && cases.ContainsKey(id) ? id : (Guid?)null;
            return new Target(i.Id, i.Status, caseId, caseId is { } c ? cases[c] : null, notOpen.GetValueOrDefault(i.Id));
        }).ToList();
    }

    public static InstanceMigrationLine Line(Target target, InstanceMigrationPlan plan, bool moved) =>
        new(target.InstanceId, target.Status, target.CaseId, target.CaseNumber, plan.CanMove, moved, plan.Tokens, plan.Problems);

    /// <summary>The line of a named instance that is not open on the source version: reported, not planned.</summary>
    public static InstanceMigrationLine NotOpenLine(Target target) =>
        new(target.InstanceId, target.Status, target.CaseId, target.CaseNumber, false, false, [],
            [new MigrationProblem(MigrationProblemKind.NotOpen, null, target.NotOpen!)]);
}
