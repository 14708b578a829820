using Disputes.Application.Ports;
using Disputes.Domain.Outcomes;
using Disputes.Workflows.Runtime;
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
        timeline.AddRange(complaint.Messages.Select(m => new TimelineEntry(m.At, m.Kind.ToString(), m.AuthorId, m.Text.Length > 200 ? m.Text[..200] + "…" : m.Text) { Event = TimelineEvent.Message }));
        timeline.AddRange(complaint.Decisions.Select(d => new TimelineEntry(d.DecidedAt, $"Decision {d.Number} ({d.Stage}): {d.Status}", d.DecidedBy, string.Join(", ", d.Outcomes.Select(o => o.Kind.Name())))
            { Event = TimelineEvent.Decision }));
        if (complaint.WorkflowInstanceId is { } instanceId && await workflows.GetJournalAsync(instanceId, cancellationToken) is { } details)
        {
            definitionVersion = details.DefinitionVersion;
            // The human timeline: the steps of the contract as they opened, ended and ran late; engine events stay on the operator page.
            foreach (var j in details.Journal)
            {
                var step = j.ActivityId is { } a ? ComplaintProcess.Find(a) : null;
                TimelineEvent? kind = j.Event switch
                {
                    JournalEvents.BookmarkCreated when step is not null => TimelineEvent.StepOpened,
                    JournalEvents.ActivityCompleted when step is not null => TimelineEvent.StepCompleted,
                    JournalEvents.DeadlineWarning when step is not null => TimelineEvent.DeadlineWarning,
                    JournalEvents.DeadlinePassed when step is not null => TimelineEvent.DeadlinePassed,
                    JournalEvents.InstanceFinished => TimelineEvent.ProcessEnded,
                    JournalEvents.InstanceCancelled => TimelineEvent.ProcessEnded,
                    _ => null,
                };
                if (kind is null) continue;
                var outcome = kind == TimelineEvent.StepCompleted ? j.Detail : null;
                timeline.Add(new TimelineEntry(j.At, step is null ? kind.Value.ToString() : $"{kind}: {step.Id}", j.Actor, outcome) { Event = kind.Value, Step = step?.Id, Outcome = outcome });
            }
        }
        var allowed = CaseActions.All(await steps.ContextAsync(complaint, tasks, cancellationToken)).Select(AllowedActionView.From).ToList();
        var view = ComplaintView.From(complaint, tasks, timeline.OrderBy(t => t.At).ToList()) with { WorkflowDefinitionVersion = definitionVersion, AllowedActions = allowed };
        return complaint.IsParty(steps.User.Id) ? StaffRoles.ForParty(view, complaint) : view;
    }
}
