using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.Application.Complaints;

public sealed record TaskView(Guid Id, string Step, string WaitingOn, string? Assignee, DateTimeOffset? DueAt);

/// <summary>What a timeline entry records, for a page to say it in the reader's language.</summary>
public enum TimelineEvent { Message, Decision, StepOpened, StepCompleted, DeadlineWarning, DeadlinePassed, ProcessEnded }

/// <summary>One line of a case's history. <see cref="Step"/> and <see cref="Outcome"/> are the contract's step id and outcome, when it is about a step.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string What, string? Who, string? Detail)
{
    public TimelineEvent Event { get; init; }
    public string? Step { get; init; }
    public string? Outcome { get; init; }
}

public sealed record OutcomeView(string Kind, decimal? Amount, string? Currency, IReadOnlyList<string>? ItemIds, string? AccountId, DateTimeOffset? Until, bool Permanent, string? ReferralCategory, string? Summary);

public sealed record DecisionView(int Number, DecisionStage Stage, DecisionStatus Status, IReadOnlyList<OutcomeView> Outcomes, IReadOnlyList<string> Clauses, string Facts, string Reasons,
    string DecidedBy, DateTimeOffset DecidedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, string? RejectionReason, DateTimeOffset? AppealableUntil);

public sealed record MessageView(Guid Id, MessageKind Kind, string AuthorId, string AuthorRole, string Text, DateTimeOffset At, IReadOnlyList<Guid> EvidenceIds, string? To);

public sealed record EvidenceView(Guid Id, string FileName, string ContentType, long Size, string UploadedBy, DateTimeOffset UploadedAt, string Sha256);

/// <summary>
/// One action the current user may take now, or why not (<see cref="Reason"/> in words, <see cref="Refusal"/> for a
/// page to say it in the user's language). <see cref="TaskId"/> names the task it answers (claim and release: one
/// entry per open staff task). <see cref="Outcomes"/>: for deciding, the outcome kinds this user may choose here.
/// </summary>
public sealed record AllowedActionView(CaseAction Action, bool Allowed, Guid? TaskId, string? Step, ActionRefusal? Refusal, string? Reason, IReadOnlyList<string>? Outcomes)
{
    public static AllowedActionView From(ActionCheck check) => new(check.Action, check.Allowed, check.Task?.BookmarkId, check.Task?.ActivityId, check.Refusal, check.Reason,
        check.Outcomes?.Select(o => o.Name()).ToList());
}

/// <summary>A case as the API shows it. <see cref="Version"/> is the ETag a decision must send back in If-Match.</summary>
public sealed record ComplaintView(
    Guid Id, string Number, ComplaintStatus Status, string OrderId, IReadOnlyList<ComplaintItem> Items, string Category, string Description, string Language,
    string ComplainantId, string BuyerId, string SellerId, string Currency, decimal AmountPaid, decimal RefundedSoFar,
    string RecommendedChannel, string ChannelReason, IReadOnlyList<string> ExpertReasons,
    DateTimeOffset FiledAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<TaskView> OpenTasks, DateTimeOffset? NextDeadline,
    IReadOnlyList<MessageView> Messages, IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<DecisionView> Decisions,
    SettlementOffer? Settlement, Guid? WorkflowInstanceId, long Version, IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>The definition version the case's workflow instance is pinned to (drawn in the case's diagram).</summary>
    public int? WorkflowDefinitionVersion { get; init; }

    /// <summary>What the current user may do on this case now (and why not): the pages render only these.</summary>
    public IReadOnlyList<AllowedActionView> AllowedActions { get; init; } = [];

    public static ComplaintView From(Complaint c, IReadOnlyList<CaseTask> tasks, IReadOnlyList<TimelineEntry> timeline) => new(
        c.Id, c.Number, c.Status, c.OrderId, c.Items, c.Category.Name(), c.Description, c.Language,
        c.ComplainantId, c.BuyerId, c.SellerId, c.Currency, c.AmountPaid, c.RefundedSoFar,
        c.RecommendedChannel.ToString().ToLowerInvariant(), c.ChannelReason, c.ExpertReasons,
        c.FiledAt, c.UpdatedAt, c.ClosedAt,
        tasks.Select(t => new TaskView(t.BookmarkId, t.ActivityId, t.Assignee ?? t.Role, t.Assignee, t.DueAt)).ToList(),
        tasks.Where(t => t.DueAt is not null).Min(t => t.DueAt),
        c.Messages.Select(m => new MessageView(m.Id, m.Kind, m.AuthorId, m.AuthorRole, m.Text, m.At, m.EvidenceIds, m.To)).ToList(),
        c.Evidence.Select(e => new EvidenceView(e.Id, e.FileName, e.ContentType, e.Size, e.UploadedBy, e.UploadedAt, e.Sha256)).ToList(),
        c.Decisions.Select(ToView).ToList(),
        c.Settlement, c.WorkflowInstanceId, c.Version, timeline);

    public static DecisionView ToView(Decision d) => new(d.Number, d.Stage, d.Status,
        d.Outcomes.Select(o => new OutcomeView(o.Kind.Name(), o.Amount, o.Currency, o.ItemIds, o.AccountId, o.Until, o.Permanent, o.ReferralCategory, o.Summary)).ToList(),
        d.Clauses, d.Facts, d.Reasons, d.DecidedBy, d.DecidedAt, d.ApprovedBy, d.ApprovedAt, d.RejectionReason, d.AppealableUntil);
}
