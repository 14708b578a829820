using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Complaints;

public enum PartySide { Buyer, Seller }

/// <summary>Open until decided or settled; Decided while the appeal window runs; Closed is read-only.</summary>
public enum ComplaintStatus { Open, Settled, Decided, UnderAppeal, Closed }

public enum MessageKind { Statement, Message, RepeatFiling, InformationRequest, InformationReply, SettlementOffer, SettlementAnswer, Appeal, Guidance, Cancellation }

/// <param name="Masked">Kinds of contact details masked in <paramref name="Text"/> (<see cref="ContactDetails"/>), for the audit trail.</param>
public sealed record CaseMessage(Guid Id, MessageKind Kind, string AuthorId, string AuthorRole, string Text, DateTimeOffset At, IReadOnlyList<Guid> EvidenceIds, string? To = null,
    IReadOnlyList<string>? Masked = null);

public sealed record EvidenceFile(Guid Id, string FileName, string ContentType, long Size, string UploadedBy, DateTimeOffset UploadedAt, string Sha256);

public sealed record SettlementOffer(decimal Amount, string Currency, string OfferedBy, DateTimeOffset OfferedAt, bool? Accepted = null, DateTimeOffset? AnsweredAt = null);

public sealed record ComplaintItem(string Id, string ListingId, string Title, decimal Price);

/// <summary>
/// A complaint about an order and some of its items: the case file (parties, statements, messages, evidence,
/// decisions). The workflow instance with the same id drives its process; this aggregate holds its facts and rules.
/// Collections are replaced, never changed in place, so that every change is visible to the store.
/// </summary>
public sealed class Complaint
{
    public const int MaxDescriptionLength = 10_000;
    public const int MaxMessageLength = 10_000;

    private Complaint() { }

    public Guid Id { get; private set; }
    /// <summary>Human-friendly case number, e.g. C-7F3A21B9.</summary>
    public string Number { get; private set; } = "";
    public string OrderId { get; private set; } = "";
    public IReadOnlyList<ComplaintItem> Items { get; private set; } = [];
    public IReadOnlyList<string> ItemIds => Items.Select(i => i.Id).ToList();
    public ComplaintCategory Category { get; private set; }
    public string Description { get; private set; } = "";
    public string Language { get; private set; } = "en";
    public string ComplainantId { get; private set; } = "";
    public PartySide ComplainantSide { get; private set; }
    public string BuyerId { get; private set; } = "";
    public string SellerId { get; private set; } = "";
    public string RespondentId => ComplainantId == BuyerId ? SellerId : BuyerId;
    public string Currency { get; private set; } = "";
    public decimal AmountPaid { get; private set; }
    public decimal RefundedSoFar { get; private set; }
    public decimal RefundableAmount => AmountPaid - RefundedSoFar;
    /// <summary>What is held on the seller's payout while the case is open: the amount paid, for a buyer's complaint; nothing once an outcome applied or released it.</summary>
    public decimal HeldAmount { get; private set; }
    public ContactChannel RecommendedChannel { get; private set; }
    public string ChannelReason { get; private set; } = "";
    public IReadOnlyList<string> ExpertReasons { get; private set; } = [];
    public ComplaintStatus Status { get; private set; }
    public DateTimeOffset FiledAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public IReadOnlyList<CaseMessage> Messages { get; private set; } = [];
    public IReadOnlyList<EvidenceFile> Evidence { get; private set; } = [];
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];
    public SettlementOffer? Settlement { get; private set; }
    /// <summary>Everyone who decided, approved or rejected a decision on this case, or decided its appeal: excluded from reviewing an appeal, and never losing read access.</summary>
    public IReadOnlyList<string> DecisionParticipants { get; private set; } = [];
    /// <summary>The workflow instance that drives this case (correlation id: the case id).</summary>
    public Guid? WorkflowInstanceId { get; private set; }
    /// <summary>Order, category and sorted items: two open cases never share it.</summary>
    public string RepeatKey { get; private set; } = "";
    /// <summary>Optimistic concurrency; the API's ETag.</summary>
    public long Version { get; private set; }

    public bool IsParty(string userId) => userId == BuyerId || userId == SellerId;

    /// <summary>
    /// The complaint reports a listing as illegal content (a notice, DSA Art. 16): a counterfeit, or a buyer's report of a
    /// fraudulent listing. A seller's complaint of a buyer's fraud (e.g. a chargeback) is about conduct, not content.
    /// </summary>
    public bool IsNoticeOfIllegalContent => Category == ComplaintCategory.Counterfeit || (Category == ComplaintCategory.Fraud && ComplainantSide == PartySide.Buyer);
    public Decision? CurrentDecision => Decisions.LastOrDefault(d => d.Status is not DecisionStatus.Rejected);
    public string ListingOf(string itemId) => Items.First(i => i.Id == itemId).ListingId;

    /// <summary>
    /// What the appeal changed: the difference between the decision it reversed and the revision, with the refund
    /// already paid before it (what the first decision paid); empty when the appeal confirmed; null without an appeal decision.
    /// </summary>
    public OutcomeChanges? AppealChanges()
    {
        if (CurrentDecision is not { Stage: DecisionStage.Appeal } appeal) return null;
        var reversed = Decisions.LastOrDefault(d => d.Status == DecisionStatus.Reversed && d.Number < appeal.Number);
        if (reversed is null) return OutcomeChanges.Between(EffectiveOutcome.None, EffectiveOutcome.None, 0m);
        return OutcomeChanges.Between(EffectiveOutcome.Of(this, reversed.Outcomes), EffectiveOutcome.Of(this, appeal.Outcomes), EffectiveOutcome.RefundOf(this, reversed.Outcomes));
    }

    public static Complaint File(
        Guid id, Order order, IReadOnlyList<string> itemIds, ComplaintCategory category, string description, string language,
        string complainantId, ChannelRecommendation channel, IReadOnlyList<string> expertReasons, DateTimeOffset now)
    {
        var errors = new RuleErrors();
        PartySide side = default;
        if (complainantId == order.BuyerId) side = PartySide.Buyer;
        else if (complainantId == order.SellerId) side = PartySide.Seller;
        else errors.Add("orderId", "Only the buyer or the seller of an order can file a complaint about it.");
        if (itemIds.Count == 0) errors.Add("itemIds", "Choose at least one item of the order.");
        if (itemIds.Distinct().Count() != itemIds.Count) errors.Add("itemIds", "An item is listed twice.");
        foreach (var item in itemIds.Where(i => order.Items.All(x => x.Id != i)))
            errors.Add("itemIds", $"Item '{item}' is not part of order {order.Id}.");
        if (string.IsNullOrWhiteSpace(description)) errors.Add("description", "Describe the problem.");
        else if (description.Length > MaxDescriptionLength) errors.Add("description", $"At most {MaxDescriptionLength} characters.");
        if (!Languages.IsSupported(language)) errors.Add("language", $"Choose one of: {string.Join(", ", Languages.Supported)}.");
        DomainRuleException.ThrowIfAny("The complaint cannot be filed.", errors);

        var statement = ContactDetails.Mask(description);
        var complaint = new Complaint
        {
            Id = id,
            Number = "C-" + id.ToString("N")[^8..].ToUpperInvariant(),
            OrderId = order.Id,
            Items = order.Items.Where(i => itemIds.Contains(i.Id)).Select(i => new ComplaintItem(i.Id, i.ListingId, i.Title, i.Price)).ToList(),
            Category = category,
            Description = statement.Text,
            Language = language,
            ComplainantId = complainantId,
            ComplainantSide = side,
            BuyerId = order.BuyerId,
            SellerId = order.SellerId,
            Currency = order.Currency,
            AmountPaid = order.AmountPaid,
            HeldAmount = side == PartySide.Buyer ? Math.Max(0m, order.AmountPaid) : 0m,
            RecommendedChannel = channel.Channel,
            ChannelReason = channel.Reason,
            ExpertReasons = expertReasons,
            Status = ComplaintStatus.Open,
            FiledAt = now,
            UpdatedAt = now,
            RepeatKey = RepeatKeyOf(order.Id, category, itemIds),
        };
        complaint.Messages = [new CaseMessage(Guid.CreateVersion7(now), MessageKind.Statement, complainantId, side.ToString().ToLowerInvariant(), statement.Text, now, [],
            Masked: statement.WasMasked ? statement.Masked : null)];
        return complaint;
    }

    public static string RepeatKeyOf(string orderId, ComplaintCategory category, IEnumerable<string> itemIds) =>
        $"{orderId}|{category.Name()}|{string.Join(",", itemIds.Order(StringComparer.Ordinal))}";

    /// <summary>
    /// The channel advice for someone reading in <paramref name="language"/>: computed again in the language of the mail
    /// or page, not the case's (phone support may speak one and not the other). A quick question stays a quick question.
    /// </summary>
    public ChannelRecommendation ChannelAdviceIn(string language, ContactChannelPolicy policy) =>
        ChannelReason == "quick-question"
            ? new ChannelRecommendation(ContactChannel.Chat, ChannelReason, [])
            : policy.Recommend(Math.Max(1, Items.Count), language, Category, false);

    public void LinkWorkflow(Guid instanceId) => WorkflowInstanceId = instanceId;

    /// <summary>Same order, items and category: a repeat of this complaint while it is open.</summary>
    public bool IsRepeatOf(string orderId, IReadOnlyCollection<string> itemIds, ComplaintCategory category) =>
        Status is not ComplaintStatus.Closed and not ComplaintStatus.Settled && OrderId == orderId && Category == category
        && itemIds.Count == Items.Count && itemIds.All(i => ItemIds.Contains(i));

    /// <summary>A repeat filing becomes a message; nothing restarts or moves up.</summary>
    public CaseMessage AttachRepeatFiling(string authorId, string text, DateTimeOffset now)
    {
        var masked = ContactDetails.Mask(RequireText(text, "description"));
        return Add(new CaseMessage(Guid.CreateVersion7(now), MessageKind.RepeatFiling, authorId, SideOf(authorId), masked.Text, now, [], Masked: masked.WasMasked ? masked.Masked : null), now);
    }

    public CaseMessage AddMessage(string authorId, string authorRole, string text, IReadOnlyList<Guid> evidenceIds, DateTimeOffset now, MessageKind kind = MessageKind.Message, string? to = null)
    {
        RequireNotClosed();
        foreach (var e in evidenceIds.Where(e => Evidence.All(x => x.Id != e)))
            throw new DomainRuleException("evidenceIds", $"Evidence {e} is not attached to this case.");
        var masked = ContactDetails.Mask(RequireText(text, "text"));
        return Add(new CaseMessage(Guid.CreateVersion7(now), kind, authorId, authorRole, masked.Text, now, evidenceIds, to, masked.WasMasked ? masked.Masked : null), now);
    }

    public void AttachEvidence(EvidenceFile file, DateTimeOffset now)
    {
        RequireNotClosed();
        Evidence = [.. Evidence, file];
        Touch(now);
    }

    public void OfferSettlement(string by, decimal amount, string currency, string? note, DateTimeOffset now)
    {
        RequireStatus(ComplaintStatus.Open);
        if (by != RespondentId) throw new CaseAccessDeniedException("Only the other party can offer a settlement.");
        if (amount <= 0 || amount > RefundableAmount)
            throw new DomainRuleException("amount", $"Offer between 0.01 and {RefundableAmount:0.00} {Currency}.");
        if (currency != Currency) throw new DomainRuleException("currency", $"The order was paid in {Currency}.");
        Settlement = new SettlementOffer(amount, currency, by, now);
        AddMessage(by, SideOf(by), string.IsNullOrWhiteSpace(note) ? $"Offer: {amount:0.00} {currency}" : note!, [], now, MessageKind.SettlementOffer);
    }

    public IReadOnlyList<PlannedEffect> AnswerSettlement(string by, bool accept, DateTimeOffset now)
    {
        RequireStatus(ComplaintStatus.Open);
        if (by != ComplainantId) throw new CaseAccessDeniedException("Only the complainant can accept or decline the offer.");
        if (Settlement is not { Accepted: null } offer) throw new CaseStateException("There is no open settlement offer.");
        Settlement = offer with { Accepted = accept, AnsweredAt = now };
        AddMessage(by, SideOf(by), accept ? "Offer accepted" : "Offer declined", [], now, MessageKind.SettlementAnswer);
        if (!accept) return [];
        IReadOnlyList<Outcome> outcomes = offer.Amount > 0 && ComplainantSide == PartySide.Buyer ? [new Outcome(OutcomeKind.PartialRefund, offer.Amount, offer.Currency)] : [];
        var effects = EffectPlan.For(this, outcomes);
        RefundedSoFar = Math.Max(RefundedSoFar, EffectiveOutcome.RefundOf(this, outcomes));
        HeldAmount = 0;
        Status = ComplaintStatus.Settled;
        return effects;
    }

    /// <summary>Records a decision. It is effective at once unless it needs a second expert's approval.</summary>
    public Decision Decide(DecisionDraft draft, DecisionStage stage, string deciderId, DateTimeOffset now)
    {
        if (stage == DecisionStage.Appeal) RequireStatus(ComplaintStatus.UnderAppeal);
        else RequireStatus(ComplaintStatus.Open);
        if (IsParty(deciderId)) throw new CaseAccessDeniedException("A party to the case cannot decide it.");
        var (facts, reasons, masked) = MaskDecisionTexts(draft.Facts!.Trim(), draft.Reasons!.Trim());
        var decision = new Decision(Decisions.Count + 1, stage, draft.Outcomes, draft.Clauses, facts, reasons, deciderId, now, DecisionStatus.Effective, Masked: masked);
        if (decision.NeedsSecondApproval) decision = decision with { Status = DecisionStatus.AwaitingApproval };
        Decisions = [.. Decisions, decision];
        DecisionParticipants = DecisionParticipants.Contains(deciderId) ? DecisionParticipants : [.. DecisionParticipants, deciderId];
        Touch(now);
        return decision;
    }

    /// <summary>Makes the latest decision effective (on decision, or on approval) and returns what it must do.</summary>
    public IReadOnlyList<PlannedEffect> MakeEffective(Decision decision, DateTimeOffset appealableUntil, DateTimeOffset now)
    {
        var effects = EffectPlan.For(this, decision.Outcomes);
        RefundedSoFar = Math.Max(RefundedSoFar, EffectiveOutcome.RefundOf(this, decision.Outcomes));
        HeldAmount = 0;
        Replace(decision, decision with { Status = DecisionStatus.Effective, AppealableUntil = appealableUntil });
        Status = ComplaintStatus.Decided;
        Touch(now);
        return effects;
    }

    public Decision PendingApproval() =>
        Decisions.Count > 0 && Decisions[^1] is { Status: DecisionStatus.AwaitingApproval } d ? d : throw new CaseStateException("No decision awaits approval.");

    public Decision Approve(string approverId, DateTimeOffset now)
    {
        var pending = PendingApproval();
        if (approverId == pending.DecidedBy) throw new CaseAccessDeniedException("The second approval must come from another expert than the decider.");
        if (IsParty(approverId)) throw new CaseAccessDeniedException("A party to the case cannot approve its decision.");
        var approved = pending with { ApprovedBy = approverId, ApprovedAt = now };
        Replace(pending, approved);
        DecisionParticipants = DecisionParticipants.Contains(approverId) ? DecisionParticipants : [.. DecisionParticipants, approverId];
        return approved;
    }

    public void Reject(string approverId, string reason, DateTimeOffset now)
    {
        var pending = PendingApproval();
        if (approverId == pending.DecidedBy) throw new CaseAccessDeniedException("The second approval must come from another expert than the decider.");
        Replace(pending, pending with { Status = DecisionStatus.Rejected, ApprovedBy = approverId, ApprovedAt = now, RejectionReason = RequireText(reason, "reason") });
        DecisionParticipants = DecisionParticipants.Contains(approverId) ? DecisionParticipants : [.. DecisionParticipants, approverId];
        Touch(now);
    }

    public void Appeal(string by, string reason, DateTimeOffset now)
    {
        RequireStatus(ComplaintStatus.Decided);
        if (!IsParty(by)) throw new CaseAccessDeniedException("Only a party to the case can appeal.");
        var decision = CurrentDecision ?? throw new CaseStateException("There is no decision to appeal.");
        if (decision.AppealableUntil is { } until && now > until)
            throw new CaseStateException($"The appeal window closed at {until:yyyy-MM-dd HH:mm} UTC.");
        AddMessage(by, SideOf(by), reason, [], now, MessageKind.Appeal);
        Status = ComplaintStatus.UnderAppeal;
    }

    /// <summary>Confirms or reverses the decision under appeal; a reversal returns the effects of the difference (<see cref="EffectPlan"/>).</summary>
    public IReadOnlyList<PlannedEffect> DecideAppeal(DecisionDraft? revised, bool reverse, string reviewerId, string reasons, IReadOnlyList<string> clauses, DateTimeOffset now)
    {
        RequireStatus(ComplaintStatus.UnderAppeal);
        if (DecisionParticipants.Contains(reviewerId)) throw new CaseAccessDeniedException("An appeal is reviewed by someone who took no part in the decision under appeal.");
        var original = Decisions.Last(d => d.Status == DecisionStatus.Effective);
        IReadOnlyList<PlannedEffect> effects = [];
        if (reverse)
        {
            var outcomes = revised?.Outcomes ?? [new Outcome(OutcomeKind.NoAction)];
            DecisionRules.RequireRevisionWithinBounds(outcomes, this, original);
            effects = EffectPlan.ForReversal(this, original, outcomes);
            RefundedSoFar = Math.Max(RefundedSoFar, EffectiveOutcome.RefundOf(this, outcomes));
            Replace(original, original with { Status = DecisionStatus.Reversed });
            var (facts, why, masked) = MaskDecisionTexts(revised?.Facts ?? original.Facts, reasons);
            Decisions = [.. Decisions, new Decision(Decisions.Count + 1, DecisionStage.Appeal, outcomes, clauses, facts, why, reviewerId, now, DecisionStatus.Effective, Masked: masked)];
        }
        else
        {
            Replace(original, original with { Status = DecisionStatus.Confirmed });
            var (facts, why, masked) = MaskDecisionTexts(original.Facts, reasons);
            Decisions = [.. Decisions, new Decision(Decisions.Count + 1, DecisionStage.Appeal, original.Outcomes, clauses, facts, why, reviewerId, now, DecisionStatus.Confirmed, Masked: masked)];
        }
        // The appeal's decider took part in the case's decisions too: they keep read access to it.
        DecisionParticipants = DecisionParticipants.Contains(reviewerId) ? DecisionParticipants : [.. DecisionParticipants, reviewerId];
        Status = ComplaintStatus.Closed;
        ClosedAt = now;
        Touch(now);
        return effects;
    }

    /// <summary>An operator closes a case that has not ended, with a reason both parties read. Nothing decided is undone.</summary>
    public void Cancel(string by, string reason, DateTimeOffset now)
    {
        RequireNotClosed();
        if (Status == ComplaintStatus.Settled) throw new CaseStateException($"Case {Number} was settled; there is nothing left to cancel.");
        Add(new CaseMessage(Guid.CreateVersion7(now), MessageKind.Cancellation, by, "operator", RequireText(reason, "reason"), now, []), now);
        Status = ComplaintStatus.Closed;
        ClosedAt = now;
    }

    /// <summary>Ends the hold placed at filing without an outcome (a case cancelled before its decision): everything held goes back to the seller.</summary>
    public IReadOnlyList<PlannedEffect> ReleaseHold()
    {
        var effects = EffectPlan.For(this, []);
        HeldAmount = 0;
        return effects;
    }

    public void Close(DateTimeOffset now)
    {
        if (Status == ComplaintStatus.Closed) return;
        Status = ComplaintStatus.Closed;
        ClosedAt ??= now;
        Touch(now);
    }

    public string SideOf(string userId) => userId == BuyerId ? Side(PartySide.Buyer) : userId == SellerId ? Side(PartySide.Seller) : "staff";

    /// <summary>A side as messages name their author's role (<c>buyer</c>, <c>seller</c>).</summary>
    public static string Side(PartySide side) => side.ToString().ToLowerInvariant();

    private CaseMessage Add(CaseMessage message, DateTimeOffset now)
    {
        Messages = [.. Messages, message];
        Touch(now);
        return message;
    }

    /// <summary>Facts and reasons are written for the parties: contact details in them are masked; the result says which ("facts:email").</summary>
    private static (string Facts, string Reasons, IReadOnlyList<string>? Masked) MaskDecisionTexts(string facts, string reasons)
    {
        var (f, r) = (ContactDetails.Mask(facts), ContactDetails.Mask(reasons));
        var masked = f.Masked.Select(k => "facts:" + k).Concat(r.Masked.Select(k => "reasons:" + k)).ToList();
        return (f.Text, r.Text, masked.Count > 0 ? masked : null);
    }

    private void Replace(Decision old, Decision updated) => Decisions = Decisions.Select(d => d.Number == old.Number ? updated : d).ToList();

    private void Touch(DateTimeOffset now) => UpdatedAt = now;

    private void RequireNotClosed()
    {
        if (Status == ComplaintStatus.Closed) throw new CaseStateException($"Case {Number} is closed and read-only; only an appeal within its window reopens it.");
    }

    private void RequireStatus(ComplaintStatus status)
    {
        if (Status != status) throw new CaseStateException($"Case {Number} is {Status}; this needs it to be {status}.");
    }

    private static string RequireText(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DomainRuleException(field, "Write something.");
        if (text.Length > MaxMessageLength) throw new DomainRuleException(field, $"At most {MaxMessageLength} characters.");
        return text;
    }
}
