using System.Text.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Disputes.Persistence.Rows;
using Disputes.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Workflows;

public sealed class EfWorkflowReadModel(DisputesDbContext db) : IWorkflowReadModel
{
    public async Task<Page<InstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        var q = query;
        var rows0 = db.Instances.AsNoTracking();
        if (q.Status is { } status) { var s = status.ToString(); rows0 = rows0.Where(i => i.Status == s); }
        if (q.DefinitionId is { } def) rows0 = rows0.Where(i => i.DefinitionId == def);
        if (q.DefinitionVersion is { } ver) rows0 = rows0.Where(i => i.DefinitionVersion == ver);
        if (q.CorrelationId is { } corr) rows0 = rows0.Where(i => i.CorrelationId == corr);
        if (q.ActivityId is { } act)
        {
            // "Current activity": an open bookmark, a pending timer or an open incident at that activity.
            rows0 = rows0.Where(i =>
                db.Bookmarks.Any(b => b.ActivityId == act && b.InstanceId == i.Id && b.ConsumedAt == null) ||
                db.Timers.Any(t => t.ActivityId == act && t.InstanceId == i.Id) ||
                db.Incidents.Any(n => n.ActivityId == act && n.InstanceId == i.Id && n.ResolvedAt == null));
        }
        var total = await rows0.CountAsync(cancellationToken);
        var rows = await rows0.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(cancellationToken);
        return new Page<InstanceSummary>(rows.Select(Summary).ToList(), q.Page, q.PageSize, total);
    }

    public async Task<InstanceDetails?> GetInstanceAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (row is null) return null;
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).ToListAsync(cancellationToken);
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == id).ToListAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(n => n.InstanceId == id).ToListAsync(cancellationToken);
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync(cancellationToken);
        var outbox = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).ToListAsync(cancellationToken);
        var model = row.ToModel();
        return new InstanceDetails(
            Summary(row),
            (JsonObject)model.State.Data.DeepClone(),
            bookmarks.OrderBy(b => b.CreatedAt).Select(b => b.ToModel()).ToList(),
            timers.OrderBy(t => t.DueAt).Select(t => t.ToModel()).ToList(),
            incidents.OrderBy(n => n.CreatedAt).Select(n => n.ToModel()).ToList(),
            journal.Select(j => j.ToModel()).ToList(),
            outbox.OrderBy(o => o.CreatedAt).Select(o => new OutboxView(o.Id, o.ActivityId, o.Kind, o.IdempotencyKey, o.Status, o.Attempts, o.ProcessedAt, o.LastError)).ToList());
    }

    public async Task<InstanceJournal?> GetJournalAsync(Guid id, CancellationToken cancellationToken)
    {
        var version = await DefinitionVersionOf.For(db)(db, id, cancellationToken);
        if (version is null) return null;
        var journal = await JournalOf.For(db)(db, id).ToListAsync(cancellationToken);
        return new InstanceJournal(version.Value, journal.Select(j => j.ToModel()).ToList());
    }

    // Compiled once: every read of a case reads its journal (the timeline).
    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, CancellationToken, Task<int?>>> DefinitionVersionOf =
        new(() => EF.CompileAsyncQuery((DisputesDbContext db, Guid id, CancellationToken _) => db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => (int?)i.DefinitionVersion).FirstOrDefault()));

    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, IAsyncEnumerable<JournalRow>>> JournalOf =
        new(() => EF.CompileAsyncQuery<DisputesDbContext, Guid, JournalRow>((db, id) => db.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence)));

    public async Task<Page<OpenIncident>> OpenIncidentsAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var open = db.Incidents.AsNoTracking().Where(n => n.ResolvedAt == null);
        var total = await open.CountAsync(cancellationToken);
        var incidents = await open.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var ids = incidents.Select(n => n.InstanceId).Distinct().ToList();
        var instances = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        return new Page<OpenIncident>(incidents.Where(n => instances.ContainsKey(n.InstanceId))
            .Select(n => new OpenIncident(n.ToModel(), Summary(instances[n.InstanceId]))).ToList(), page, pageSize, total);
    }

    private static InstanceSummary Summary(InstanceRow r)
    {
        var activities = new List<string>();
        using (var doc = JsonDocument.Parse(r.State))
        {
            if (doc.RootElement.TryGetProperty("tokens", out var tokens))
                foreach (var t in tokens.EnumerateArray())
                    if (t.TryGetProperty("activityId", out var a) && a.GetString() is { } s && !activities.Contains(s)) activities.Add(s);
        }
        return new InstanceSummary(r.Id, r.DefinitionId, r.DefinitionVersion, Enum.Parse<InstanceStatus>(r.Status), r.CorrelationId,
            activities, r.CreatedAt, r.UpdatedAt, r.FinishedAt, r.Version);
    }
}
