using Disputes.Application.Ports;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>One case with its open steps, next deadline, messages, evidence, decisions and timeline.</summary>
public sealed record GetComplaint(Guid Id) : IQuery<ComplaintView>;

public sealed class GetComplaintHandler(CaseSteps steps, IWorkflowReadModel workflows) : IQueryHandler<GetComplaint, ComplaintView>
{
    public async ValueTask<ComplaintView> Handle(GetComplaint query, CancellationToken cancellationToken)
    {
        var (complaint, tasks) = await steps.LoadAsync(query.Id, null, cancellationToken);
        var timeline = new List<TimelineEntry>();
        int? definitionVersion = null;
        timeline.AddRange(complaint.Messages.Select(m => new TimelineEntry(m.At, m.Kind.ToString(), m.AuthorId, m.Text.Length > 200 ? m.Text[..200] + "…" : m.Text)));
        timeline.AddRange(complaint.Decisions.Select(d => new TimelineEntry(d.DecidedAt, $"Decision {d.Number} ({d.Stage}): {d.Status}", d.DecidedBy, string.Join(", ", d.Outcomes.Select(o => o.Kind)))));
        if (complaint.WorkflowInstanceId is { } instanceId && await workflows.GetInstanceAsync(instanceId, cancellationToken) is { } details)
        {
            definitionVersion = details.Instance.DefinitionVersion;
            timeline.AddRange(details.Journal
                .Where(j => j.Event is "ActivityCompleted" or "DeadlinePassed" or "DeadlineWarning" or "BookmarkCreated" or "InstanceFinished" && j.ActivityId is not null || j.Event == "InstanceFinished")
                .Select(j => new TimelineEntry(j.At, $"{j.Event}: {j.ActivityId}", j.Actor, j.Detail)));
        }
        return ComplaintView.From(complaint, tasks, timeline.OrderBy(t => t.At).ToList()) with { WorkflowDefinitionVersion = definitionVersion };
    }
}
