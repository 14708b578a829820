using System.Globalization;
using System.Text.Json.Nodes;
using Disputes.Application.Reference;
using Disputes.Domain.Complaints;
using Disputes.Domain.Marketplace;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Redress;

namespace Disputes.Application.Compliance.Statements;

public sealed record StatementClause(string Id, string Title);

public sealed record StatementBody(string Id, string Kind, string Name, string Country, string? Url);

/// <summary>
/// What the affected party is told (DSA Art. 17(3)): (a) the restriction, its territorial scope and duration; (b) the
/// facts and circumstances, and whether it followed a notice; (c) whether automated means were used; (d)/(e) the legal
/// or terms-and-conditions ground; (f) redress: the internal complaint and its window, certified out-of-court bodies
/// (and, for business sellers, the mediators of the terms), the courts.
/// </summary>
public sealed record StatementContent(
    string Puid, Guid ComplaintId, string CaseNumber, int DecisionNumber, string Restriction, string AffectedAccountId,
    IReadOnlyList<string> Items, DateTimeOffset? Until, bool Permanent, IReadOnlyList<string> TerritorialScope,
    string Facts, bool FollowedNotice, string NoticeCategory, DateTimeOffset NoticeFiledAt, bool AutomatedDetection, bool AutomatedDecision,
    bool IllegalContent, string? LegalGround, IReadOnlyList<StatementClause> Clauses, string Reasons,
    DateTimeOffset? AppealableUntil, IReadOnlyList<StatementBody> Bodies, DateTimeOffset DecidedAt, DateTimeOffset IssuedAt,
    string? Revises = null, string? Change = null, DateTimeOffset? PreviousUntil = null, bool PreviousPermanent = false)
{
    /// <summary>A follow-up statement: <see cref="Change"/> <c>lifted</c> or <c>changed</c> on appeal.</summary>
    public const string Lifted = "lifted";
    public const string Changed = "changed";
}

/// <summary>A statement ready to store: its content for the party, its Transparency Database form, and any format problems.</summary>
public sealed record IssuedStatement(StatementContent Content, string Language, JsonObject Dsa, IReadOnlyList<string> Problems);

/// <summary>
/// Builds the statements of reasons of a decision that has just taken effect: one per removed listing, one per
/// suspended or restricted account. An appeal's revision issues only what differs from the decision it reversed: a
/// statement for each new restriction, and a follow-up statement for each restriction lifted or changed, whose puid is
/// the original's with <c>-r{decision}</c> appended and which names the statement it replaces (docs/adr). The Transparency Database form carries no personal data: its texts are built from
/// the category, the stage and the cited clauses, never from what parties or staff wrote, and it is validated before
/// it is stored.
/// </summary>
public static class StatementsOfReasons
{
    /// <summary>One restriction a statement is about: a listing's removal, or the measure on one account.</summary>
    private sealed record Target(Outcome Outcome, string Suffix, string AffectedId, string? ItemId, IReadOnlyList<string> Items)
    {
        public string Key => ItemId is { } item ? "item:" + item : "account:" + AffectedId + ":" + Outcome.Kind.Name();
    }

    private static List<Target> Targets(Complaint complaint, Decision decision) =>
        decision.Outcomes.Where(o => o.Kind.IsRestriction()).SelectMany(outcome => outcome.Kind == OutcomeKind.ItemRemoval
            ? (outcome.ItemIds ?? []).Select((item, i) => new Target(outcome, $"{outcome.Kind.Name()}-{i + 1}", complaint.SellerId, item, [complaint.Items.First(x => x.Id == item).Title]))
            : [new Target(outcome, outcome.Kind.Name(), outcome.AccountId!, null, [])]).ToList();

    public static IReadOnlyList<IssuedStatement> Issue(
        Complaint complaint, Decision decision, Func<string, Account?> accounts, Order? order, ReferenceData reference, DsaMapping mapping, DateTimeOffset now)
    {
        var reversed = decision.Stage == DecisionStage.Appeal
            ? complaint.Decisions.LastOrDefault(d => d.Status == DecisionStatus.Reversed && d.Number < decision.Number)
            : null;
        var targets = Targets(complaint, decision);
        if (reversed is null) return targets.Select(t => One(complaint, decision, t, accounts, order, reference, mapping, now, null)).ToList();

        // A revision on appeal: only what differs from the reversed decision.
        var before = Targets(complaint, reversed);
        var result = new List<IssuedStatement>();
        foreach (var old in before)
        {
            var puid = PuidOf(complaint, reversed, old);
            var kept = targets.FirstOrDefault(t => t.Key == old.Key);
            if (kept is null)
                result.Add(One(complaint, decision, old, accounts, order, reference, mapping, now, new FollowUp(puid, StatementContent.Lifted, old.Outcome)));
            else if (kept.Outcome.Permanent != old.Outcome.Permanent || kept.Outcome.Until != old.Outcome.Until)
                result.Add(One(complaint, decision, kept, accounts, order, reference, mapping, now, new FollowUp(puid, StatementContent.Changed, old.Outcome)));
        }
        foreach (var added in targets.Where(t => before.All(b => b.Key != t.Key)))
            result.Add(One(complaint, decision, added, accounts, order, reference, mapping, now, null));
        return result;
    }

    /// <summary>What a follow-up statement revises: the original's puid, lifted or changed, and the outcome as it was.</summary>
    private sealed record FollowUp(string Revises, string Change, Outcome Before);

    private static string PuidOf(Complaint complaint, Decision decision, Target target) => $"dsp-{complaint.Id:N}-d{decision.Number}-{target.Suffix}";

    private static IssuedStatement One(Complaint complaint, Decision decision, Target target, Func<string, Account?> accounts, Order? order,
        ReferenceData reference, DsaMapping mapping, DateTimeOffset now, FollowUp? followUp)
    {
        var category = mapping.Categories[complaint.Category.Name()];
        var seller = accounts(complaint.SellerId);
        var (outcome, affectedId, items) = (target.Outcome, target.AffectedId, target.Items);
        var affected = accounts(affectedId);
        var puid = followUp is null ? PuidOf(complaint, decision, target) : $"{followUp.Revises}-r{decision.Number}";
        var content = Content(complaint, decision, outcome, puid, affectedId, affected, items, category, reference, mapping, now);
        if (followUp is not null)
            content = content with
            {
                Revises = followUp.Revises, Change = followUp.Change, PreviousUntil = followUp.Before.Until, PreviousPermanent = followUp.Before.Permanent,
                AppealableUntil = null, // the appeal has been decided
            };
        var dsa = Dsa(complaint, decision, outcome, puid, affected, category, reference, mapping, order, now);
        if (followUp is not null) Revise(dsa, content, followUp);
        var personal = new List<string?>
        {
            complaint.BuyerId, complaint.SellerId, complaint.ComplainantId, complaint.OrderId, complaint.Description, decision.Facts, decision.Reasons,
            accounts(complaint.BuyerId)?.Name, accounts(complaint.BuyerId)?.Email, seller?.Name, seller?.Email, affected?.Name, affected?.Email,
        };
        personal.AddRange(complaint.Messages.Select(m => m.Text));
        var problems = DsaValidator.Validate(dsa, personal.OfType<string>());
        return new IssuedStatement(content, affected?.Language ?? complaint.Language, dsa, problems);
    }

    /// <summary>
    /// The Transparency Database form of a follow-up: the database has no revoke, so the follow-up is a statement of its
    /// own whose puid extends the original's and whose texts name it. A lifted restriction is stated as
    /// DECISION_VISIBILITY_OTHER ("lifted on appeal"); a changed one carries its new terms.
    /// </summary>
    private static void Revise(JsonObject dsa, StatementContent content, FollowUp followUp)
    {
        static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
        var what = content.Restriction switch
        {
            "item-removal" => "the removal of the listing",
            "account-suspension" => "the suspension of the account",
            _ => "the restriction of the account",
        };
        if (followUp.Change == StatementContent.Lifted)
        {
            foreach (var field in new[] { "decision_visibility", "decision_account", "decision_provision", "decision_monetary", "end_date_account_restriction", "end_date_service_restriction" })
                dsa.Remove(field);
            dsa["decision_visibility"] = new JsonArray("DECISION_VISIBILITY_OTHER");
            dsa["decision_visibility_other"] = Cut($"Lifted on appeal: {what} no longer applies. Replaces statement {followUp.Revises}.", 500);
            var explanation = $"On appeal, {what} was lifted: the appeal reviewer did not uphold it. This statement replaces statement {followUp.Revises}.";
            if (dsa.ContainsKey("illegal_content_explanation")) dsa["illegal_content_explanation"] = Cut(explanation, 2000);
            if (dsa.ContainsKey("incompatible_content_explanation")) dsa["incompatible_content_explanation"] = Cut(explanation, 2000);
            dsa["decision_facts"] = Cut(dsa["decision_facts"]!.GetValue<string>().Split(". A Trust")[0] + $". On appeal, a Trust & Safety appeal reviewer examined the case again and lifted {what}.", 5000);
        }
        var note = followUp.Change == StatementContent.Lifted
            ? $" Revised on appeal: {what} was lifted. This statement replaces statement {followUp.Revises}."
            : $" Revised on appeal: the terms of {what} changed ({(content.Permanent ? "now indefinite" : $"now until {content.Until:yyyy-MM-dd}")}). This statement replaces statement {followUp.Revises}.";
        dsa["decision_facts"] = Cut(dsa["decision_facts"]!.GetValue<string>() + note, 5000);
    }

    private static StatementContent Content(Complaint c, Decision d, Outcome o, string puid, string affectedId, Account? affected, IReadOnlyList<string> items,
        DsaCategoryMapping category, ReferenceData reference, DsaMapping mapping, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var bodies = reference.Signposting.Bodies.Where(b => b.Kind == RedressKind.DsaOutOfCourt && b.IsCertifiedOn(today))
            .Concat(affected?.Kind == AccountKind.Business ? reference.Signposting.Bodies.Where(b => b.Kind == RedressKind.Mediator) : [])
            .Select(b => new StatementBody(b.Id, b.Kind == RedressKind.Mediator ? "mediator" : "dsa-body", b.Name, b.Country, b.Url)).ToList();
        return new StatementContent(puid, c.Id, c.Number, d.Number, o.Kind.Name(), affectedId, items, o.Until, o.Kind == OutcomeKind.ItemRemoval || o.Permanent,
            mapping.TerritorialScope, d.Facts, true, c.Category.Name(), c.FiledAt, false, false, category.Illegal, category.LegalGround,
            Clauses(d, reference), d.Reasons, d.AppealableUntil, bodies, d.ApprovedAt ?? d.DecidedAt, now);
    }

    private static List<StatementClause> Clauses(Decision d, ReferenceData reference) =>
        d.Clauses.Select(id => new StatementClause(id, reference.Policies.Find(id)?.Title ?? id)).ToList();

    private static JsonObject Dsa(Complaint c, Decision d, Outcome o, string puid, Account? affected, DsaCategoryMapping category,
        ReferenceData reference, DsaMapping mapping, Order? order, DateTimeOffset now)
    {
        static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

        var english = reference.Texts;
        var categoryLabel = english.Get("en", "category." + c.Category.Name());
        var clauses = string.Join("; ", Clauses(d, reference).Select(x => $"{x.Id} {x.Title}"));
        var stage = d.Stage switch { DecisionStage.Expert => "Trust & Safety expert", DecisionStage.Appeal => "Trust & Safety appeal reviewer", _ => "Trust & Safety reviewer" };
        var restriction = o.Kind switch
        {
            OutcomeKind.ItemRemoval => "removal of the listing",
            OutcomeKind.AccountSuspension => o.Permanent ? "termination of the account" : "temporary suspension of the account",
            _ => o.Permanent ? "permanent restriction of the account" : "temporary restriction of the account",
        };
        var facts = $"{(c.ComplainantSide == PartySide.Buyer ? "A buyer" : "A seller")} filed a complaint about an order on the marketplace (category: {categoryLabel}). "
            + $"Both parties could submit statements and evidence. A {stage} examined the case and decided on the {restriction}"
            + (d.ApprovedBy is not null ? ", approved by a second expert" : "") + $". Policy clauses applied: {clauses}.";

        var map = mapping.Outcomes[o.Kind.Name()];
        var value = o.Permanent && map.PermanentValue is not null ? map.PermanentValue : map.Value;
        var s = new JsonObject();
        if (map.Field == "decision_visibility") s["decision_visibility"] = Array([value]);
        else s[map.Field] = value;
        if (map.EndDateField is not null && !o.Permanent && o.Until is { } until) s[map.EndDateField] = Day(until);

        if (category.Illegal)
        {
            s["decision_ground"] = "DECISION_GROUND_ILLEGAL_CONTENT";
            s["illegal_content_legal_ground"] = Cut(category.LegalGround!, 500);
            s["illegal_content_explanation"] = Cut($"The listing was reported as: {categoryLabel}. The {stage} found that it infringes the legal ground stated. Policy catalogue {reference.Policies.Version}: {clauses}.", 2000);
        }
        else
        {
            s["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT";
            s["incompatible_content_ground"] = Cut($"Terms and conditions, policy catalogue {reference.Policies.Version}: {clauses}", 500);
            s["incompatible_content_explanation"] = Cut($"The listing or the conduct of the account breaches the cited clauses of our terms and conditions (reported as: {categoryLabel}); the {stage} decided on the {restriction}.", 2000);
            s["incompatible_content_illegal"] = "No";
        }
        s["category"] = category.Category;
        if (category.Keywords.Count > 0) s["category_specification"] = Array(category.Keywords);
        s["content_type"] = Array(mapping.ContentType);
        s["territorial_scope"] = Array(mapping.TerritorialScope);
        var applied = now;
        var contentDate = order?.PlacedAt ?? c.FiledAt;
        s["content_date"] = Day(contentDate <= applied ? contentDate : applied);
        s["application_date"] = Day(applied);
        s["decision_facts"] = Cut(facts, 5000);
        s["source_type"] = category.Source;
        s["automated_detection"] = "No";
        s["automated_decision"] = "AUTOMATED_DECISION_NOT_AUTOMATED";
        if (affected is not null) s["account_type"] = affected.Kind == AccountKind.Business ? "ACCOUNT_TYPE_BUSINESS" : "ACCOUNT_TYPE_PRIVATE";
        s["puid"] = puid;
        return s;
    }
}
