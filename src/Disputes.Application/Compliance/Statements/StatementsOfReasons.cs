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
    DateTimeOffset? AppealableUntil, IReadOnlyList<StatementBody> Bodies, DateTimeOffset DecidedAt, DateTimeOffset IssuedAt);

/// <summary>A statement ready to store: its content for the party, its Transparency Database form, and any format problems.</summary>
public sealed record IssuedStatement(StatementContent Content, string Language, JsonObject Dsa, IReadOnlyList<string> Problems);

/// <summary>
/// Builds the statements of reasons of a decision that has just taken effect: one per removed listing, one per
/// suspended or restricted account. The Transparency Database form carries no personal data: its texts are built from
/// the category, the stage and the cited clauses, never from what parties or staff wrote, and it is validated before
/// it is stored.
/// </summary>
public static class StatementsOfReasons
{
    public static IReadOnlyList<IssuedStatement> Issue(
        Complaint complaint, Decision decision, Func<string, Account?> accounts, Order? order, ReferenceData reference, DsaMapping mapping, DateTimeOffset now)
    {
        var result = new List<IssuedStatement>();
        var category = mapping.Categories[complaint.Category.Name()];
        var seller = accounts(complaint.SellerId);
        foreach (var outcome in decision.Outcomes.Where(o => o.Kind.IsRestriction()))
        {
            var affectedId = outcome.Kind == OutcomeKind.ItemRemoval ? complaint.SellerId : outcome.AccountId!;
            var affected = accounts(affectedId);
            var targets = outcome.Kind == OutcomeKind.ItemRemoval
                ? (outcome.ItemIds ?? []).Select((item, i) => (Suffix: $"{outcome.Kind.Name()}-{i + 1}", Items: (IReadOnlyList<string>)[complaint.Items.First(x => x.Id == item).Title])).ToList()
                : [(Suffix: outcome.Kind.Name(), Items: (IReadOnlyList<string>)[])];
            foreach (var (suffix, items) in targets)
            {
                var puid = $"dsp-{complaint.Id:N}-d{decision.Number}-{suffix}";
                var content = Content(complaint, decision, outcome, puid, affectedId, affected, items, category, reference, mapping, now);
                var dsa = Dsa(complaint, decision, outcome, puid, affected, category, reference, mapping, order, now);
                var personal = new List<string?>
                {
                    complaint.BuyerId, complaint.SellerId, complaint.ComplainantId, complaint.OrderId, complaint.Description, decision.Facts, decision.Reasons,
                    accounts(complaint.BuyerId)?.Name, accounts(complaint.BuyerId)?.Email, seller?.Name, seller?.Email, affected?.Name, affected?.Email,
                };
                personal.AddRange(complaint.Messages.Select(m => m.Text));
                var problems = DsaValidator.Validate(dsa, personal.OfType<string>());
                result.Add(new IssuedStatement(content, affected?.Language ?? complaint.Language, dsa, problems));
            }
        }
        return result;
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
