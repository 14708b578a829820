using Disputes.Application.Security;
using Disputes.Domain.Review;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>
/// Gives every unassigned staff task to the least-loaded eligible person in its role: never a party, never someone
/// with a declared conflict with either party, never (for an appeal or a second approval) someone who took part in
/// the decision. Runs after each case action and after timers fire; a task nobody may take stays in the
/// unassigned queue.
/// </summary>
public sealed record AssignOpenTasks : ICommand<int>;

public sealed class AssignOpenTasksHandler(ITaskBoard board, IComplaintRepository complaints, IUserDirectory users, IUnitOfWork unitOfWork, Compliance.Audit.IAuditTrail audit) : ICommandHandler<AssignOpenTasks, int>
{
    public async ValueTask<int> Handle(AssignOpenTasks command, CancellationToken cancellationToken)
    {
        var open = await board.UnassignedStaffTasksAsync([Roles.Reviewer, Roles.Expert, Roles.Lead], 200, cancellationToken);
        if (open.Count == 0) return 0;
        var cases = (await complaints.FindManyAsync(open.Select(t => Guid.Parse(t.ComplaintId!)).Distinct().ToList(), cancellationToken)).ToDictionary(c => c.Id);
        var people = open.Select(t => t.Role).Distinct().ToDictionary(r => r, r => users.InRole(r).Select(u => u.Id).ToList());
        // Loads and conflicts are read once; each assignment made here counts towards the next choice.
        var loads = (await board.OpenTaskCountsAsync(people.Values.SelectMany(p => p).Distinct().ToList(), cancellationToken)).ToDictionary();
        var conflicts = await complaints.ConflictsAsync(cases.Values.SelectMany(c => new[] { c.BuyerId, c.SellerId }).Distinct().ToList(), cancellationToken);
        var assigned = 0;
        foreach (var task in open)
        {
            if (!cases.TryGetValue(Guid.Parse(task.ComplaintId!), out var complaint)) continue;
            var parties = new[] { complaint.BuyerId, complaint.SellerId };
            IReadOnlyCollection<string> excluded = task.ActivityId is "appeal-review" or "four-eyes" ? complaint.DecisionParticipants : [];
            var chosen = ReviewerAssignment.Choose(people[task.Role].Select(p => new Candidate(p, loads.GetValueOrDefault(p))), parties, conflicts, excluded);
            if (chosen is null) continue;
            // The audit entry is written first (it takes the audit chain's lock before any row lock), then the
            // assignment; if the task was taken meanwhile, neither is committed.
            await using (await unitOfWork.BeginAsync(cancellationToken))
            {
                audit.Append(new Compliance.Audit.AuditEvent("task.assigned", complaint.Id, new System.Text.Json.Nodes.JsonObject
                {
                    ["taskId"] = task.BookmarkId.ToString(), ["activity"] = task.ActivityId, ["taskRole"] = task.Role, ["assignee"] = chosen.Id,
                    ["rule"] = "least-loaded eligible", ["openTasks"] = loads.GetValueOrDefault(chosen.Id),
                }, Actor: Security.SystemUser.SystemId, Role: "system"));
                await audit.SaveAsync(cancellationToken);
                if (!await board.AssignAsync(task.BookmarkId, null, chosen.Id, cancellationToken)) continue;
                await unitOfWork.CommitAsync(cancellationToken);
            }
            loads[chosen.Id] = loads.GetValueOrDefault(chosen.Id) + 1;
            assigned++;
        }
        return assigned;
    }
}
