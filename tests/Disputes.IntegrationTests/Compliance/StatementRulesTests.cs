using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;
using Disputes.Application.Complaints.Effects;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>Statements of reasons without a database: the mapping, every rule of the DSA format, and no personal data.</summary>
[TestFixture]
public class StatementRulesTests
{
    private static List<string> Values(JsonNode? node) => node is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];

    [Test]
    public void A_counterfeit_listing_removal_maps_to_content_removed_and_trade_mark_infringement()
    {
        var statement = StatementSamples.CounterfeitRemoval();
        var dsa = statement.Dsa;
        Assert.That(statement.Problems, Is.Empty);
        Assert.That(Values(dsa["decision_visibility"]), Is.EqualTo(new[] { "DECISION_VISIBILITY_CONTENT_REMOVED" }));
        Assert.That(dsa["category"]!.GetValue<string>(), Is.EqualTo("STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS"));
        Assert.That(Values(dsa["category_specification"]), Is.EqualTo(new[] { "KEYWORD_TRADEMARK_INFRINGEMENT" }));
        Assert.That(dsa["decision_ground"]!.GetValue<string>(), Is.EqualTo("DECISION_GROUND_ILLEGAL_CONTENT"));
        Assert.That(dsa["illegal_content_legal_ground"]!.GetValue<string>(), Does.Contain("2017/1001"));
        Assert.That(dsa["source_type"]!.GetValue<string>(), Is.EqualTo("SOURCE_ARTICLE_16"), "it followed a notice");
        Assert.That(dsa["automated_detection"]!.GetValue<string>(), Is.EqualTo("No"));
        Assert.That(dsa["automated_decision"]!.GetValue<string>(), Is.EqualTo("AUTOMATED_DECISION_NOT_AUTOMATED"));
        Assert.That(Values(dsa["content_type"]), Is.EqualTo(new[] { "CONTENT_TYPE_PRODUCT" }));
        Assert.That(Values(dsa["territorial_scope"]), Has.Count.EqualTo(30).And.Contain("NL").And.Contain("NO"));
        Assert.That(dsa["content_date"]!.GetValue<string>(), Is.EqualTo("2026-10-31"));
        Assert.That(dsa["application_date"]!.GetValue<string>(), Is.EqualTo("2026-11-20"));
        Assert.That(dsa["account_type"]!.GetValue<string>(), Is.EqualTo("ACCOUNT_TYPE_PRIVATE"));
        Assert.That(dsa["puid"]!.GetValue<string>(), Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(statement.Language, Is.EqualTo("fr"), "the seller, whose listing was removed, reads French");

        var content = statement.Content;
        Assert.That(content.AffectedAccountId, Is.EqualTo("seller-pierre"));
        Assert.That(content.FollowedNotice && !content.AutomatedDetection && !content.AutomatedDecision && content.IllegalContent, Is.True);
        Assert.That(content.AppealableUntil, Is.EqualTo(StatementSamples.Now.AddMonths(6)), "internal complaint open six months");
        Assert.That(content.Bodies.Select(b => b.Id), Does.Contain("appeals-centre-europe"), "certified out-of-court bodies");
    }

    [Test]
    public void The_puid_is_stable_and_unique_per_restriction()
    {
        var (complaint, decision) = StatementSamples.Decided(ComplaintCategory.Counterfeit,
        [
            new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["ORD-9001-1"]),
            new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-pierre", Until: StatementSamples.Now.AddDays(90)),
        ], ["IP-1.1"]);
        var first = StatementSamples.Issue(complaint, decision).Select(s => s.Content.Puid).ToList();
        var again = StatementSamples.Issue(complaint, decision).Select(s => s.Content.Puid).ToList();
        Assert.That(again, Is.EqualTo(first));
        Assert.That(first, Is.Unique.And.Count.EqualTo(2));
        Assert.That(first.All(p => p.Length <= 500 && DsaValidator.PuidPattern().IsMatch(p)));
    }

    [Test]
    public void Suspensions_and_restrictions_map_to_account_and_provision_fields_with_their_end_dates()
    {
        var until = StatementSamples.Now.AddDays(90);
        var (c1, d1) = StatementSamples.Decided(ComplaintCategory.Fraud, [new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-pierre", Until: until)], ["FR-1.1"]);
        var suspended = StatementSamples.Issue(c1, d1).Single().Dsa;
        Assert.That(suspended["decision_account"]!.GetValue<string>(), Is.EqualTo("DECISION_ACCOUNT_SUSPENDED"));
        Assert.That(suspended["end_date_account_restriction"]!.GetValue<string>(), Is.EqualTo("2027-02-18"));
        Assert.That(suspended["category"]!.GetValue<string>(), Is.EqualTo("STATEMENT_CATEGORY_SCAMS_AND_FRAUD"));

        var (c2, d2) = StatementSamples.Decided(ComplaintCategory.Fraud, [new Outcome(OutcomeKind.AccountSuspension, AccountId: "seller-pierre", Permanent: true)], ["FR-1.1"]);
        Assert.That(StatementSamples.Issue(c2, d2).Single().Dsa["decision_account"]!.GetValue<string>(), Is.EqualTo("DECISION_ACCOUNT_TERMINATED"));

        var (c3, d3) = StatementSamples.Decided(ComplaintCategory.NotAsDescribed, [new Outcome(OutcomeKind.AccountRestriction, AccountId: "buyer-emma", Until: until)], ["FR-1.2"]);
        var restricted = StatementSamples.Issue(c3, d3).Single();
        Assert.That(restricted.Dsa["decision_provision"]!.GetValue<string>(), Is.EqualTo("DECISION_PROVISION_PARTIAL_SUSPENSION"));
        Assert.That(restricted.Dsa["end_date_service_restriction"]!.GetValue<string>(), Is.EqualTo("2027-02-18"));
        Assert.That(restricted.Dsa["decision_ground"]!.GetValue<string>(), Is.EqualTo("DECISION_GROUND_INCOMPATIBLE_CONTENT"));
        Assert.That(restricted.Dsa["incompatible_content_ground"]!.GetValue<string>(), Does.Contain("FR-1.2"));
        Assert.That(restricted.Dsa["category"]!.GetValue<string>(), Is.EqualTo("STATEMENT_CATEGORY_CONSUMER_INFORMATION"));
        Assert.That(restricted.Content.AffectedAccountId, Is.EqualTo("buyer-emma"));
        Assert.That(restricted.Language, Is.EqualTo("en"));
        Assert.That(restricted.Problems, Is.Empty);

        var (c4, d4) = StatementSamples.Decided(ComplaintCategory.Damaged, [new Outcome(OutcomeKind.FullRefund)], ["BP-4.1"]);
        Assert.That(StatementSamples.Issue(c4, d4), Is.Empty, "a refund restricts nothing: no statement");
    }

    [Test]
    public void The_export_carries_no_names_emails_phone_numbers_or_free_text()
    {
        var (complaint, decision) = StatementSamples.Decided(ComplaintCategory.Counterfeit,
            [new Outcome(OutcomeKind.ItemRemoval, ItemIds: ["ORD-9001-1"]), new Outcome(OutcomeKind.AccountRestriction, AccountId: "seller-pierre", Permanent: true)], ["IP-1.1", "AI-1.1"]);
        foreach (var statement in StatementSamples.Issue(complaint, decision))
        {
            var json = statement.Dsa.ToJsonString();
            foreach (var personal in new[]
            {
                "Emma", "Jansen", "emma.jansen@example.com", "Pierre", "Dubois", "pierre.dubois@example.fr", "+31 6 12345678", "12345678", "buyer-emma", "seller-pierre",
                "ORD-9001", "LST-77", "Designer handbag", "replica", "photos", "The bag from",
            })
                Assert.That(json, Does.Not.Contain(personal).IgnoreCase, $"{statement.Content.Puid} must not contain '{personal}'");
            Assert.That(statement.Problems, Is.Empty);
        }
        // The party still reads the decider's own facts and reasons in the statement addressed to them.
        Assert.That(StatementSamples.Issue(complaint, decision)[0].Content.Facts, Does.Contain("replica"));

        // And the check refuses a statement that would carry any of it.
        var leaky = StatementSamples.ValidDsa("p-1");
        leaky["decision_facts"] = "Reported by emma.jansen@example.com";
        Assert.That(DsaValidator.Validate(leaky), Has.Some.StartsWith("personal data"));
        leaky["decision_facts"] = "Call +31 6 12345678";
        Assert.That(DsaValidator.Validate(leaky), Has.Some.StartsWith("personal data"));
        leaky["decision_facts"] = "The seller Pierre Dubois sold it";
        Assert.That(DsaValidator.Validate(leaky, ["Pierre Dubois"]), Has.Some.StartsWith("personal data"));
    }

    private static readonly (string Name, Action<JsonObject> Break, string Field)[] Breaks =
    [
        ("no restriction at all", s => s.Remove("decision_visibility"), "decision_visibility"),
        ("unknown visibility", s => s["decision_visibility"] = new JsonArray("DECISION_VISIBILITY_HIDDEN"), "decision_visibility"),
        ("visibility other without text", s => s["decision_visibility"] = new JsonArray("DECISION_VISIBILITY_OTHER"), "decision_visibility_other"),
        ("visibility other too long", s => { s["decision_visibility"] = new JsonArray("DECISION_VISIBILITY_OTHER"); s["decision_visibility_other"] = new string('x', 501); }, "decision_visibility_other"),
        ("unknown monetary", s => s["decision_monetary"] = "DECISION_MONETARY_FINE", "decision_monetary"),
        ("monetary other without text", s => s["decision_monetary"] = "DECISION_MONETARY_OTHER", "decision_monetary_other"),
        ("unknown provision", s => s["decision_provision"] = "DECISION_PROVISION_SOME", "decision_provision"),
        ("unknown account", s => s["decision_account"] = "DECISION_ACCOUNT_FROZEN", "decision_account"),
        ("no ground", s => s.Remove("decision_ground"), "decision_ground"),
        ("unknown ground", s => s["decision_ground"] = "DECISION_GROUND_WHIM", "decision_ground"),
        ("illegal without legal ground", s => s.Remove("illegal_content_legal_ground"), "illegal_content_legal_ground"),
        ("legal ground too long", s => s["illegal_content_legal_ground"] = new string('x', 501), "illegal_content_legal_ground"),
        ("illegal explanation missing", s => s.Remove("illegal_content_explanation"), "illegal_content_explanation"),
        ("illegal explanation too long", s => s["illegal_content_explanation"] = new string('x', 2001), "illegal_content_explanation"),
        ("incompatible without ground", s => s["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT", "incompatible_content_ground"),
        ("incompatible explanation too long", s => { s["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT"; s["incompatible_content_ground"] = "T&C"; s["incompatible_content_explanation"] = new string('x', 2001); }, "incompatible_content_explanation"),
        ("incompatible illegal not Yes/No", s => { s["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT"; s["incompatible_content_ground"] = "T&C"; s["incompatible_content_explanation"] = "x"; s["incompatible_content_illegal"] = "Maybe"; }, "incompatible_content_illegal"),
        ("reference url not http", s => s["decision_ground_reference_url"] = "ftp://example.org/terms", "decision_ground_reference_url"),
        ("no category", s => s.Remove("category"), "category"),
        ("unknown category", s => s["category"] = "STATEMENT_CATEGORY_BAD_VIBES", "category"),
        ("unknown category addition", s => s["category_addition"] = new JsonArray("STATEMENT_CATEGORY_BAD_VIBES"), "category_addition"),
        ("unknown keyword", s => s["category_specification"] = new JsonArray("KEYWORD_SOMETHING"), "category_specification"),
        ("keyword other without text", s => s["category_specification"] = new JsonArray("KEYWORD_OTHER"), "category_specification_other"),
        ("no content type", s => s["content_type"] = new JsonArray(), "content_type"),
        ("unknown content type", s => s["content_type"] = new JsonArray("CONTENT_TYPE_HOLOGRAM"), "content_type"),
        ("no territorial scope", s => s.Remove("territorial_scope"), "territorial_scope"),
        ("country outside the EU/EEA", s => s["territorial_scope"] = new JsonArray("NL", "US"), "territorial_scope"),
        ("content date format", s => s["content_date"] = "2026/01/01", "content_date"),
        ("no application date", s => s.Remove("application_date"), "application_date"),
        ("application before content", s => s["application_date"] = "2020-01-01", "application_date"),
        ("end date before application", s => s["end_date_visibility_restriction"] = "2020-01-01", "end_date_visibility_restriction"),
        ("no facts", s => s["decision_facts"] = " ", "decision_facts"),
        ("facts too long", s => s["decision_facts"] = new string('x', 5001), "decision_facts"),
        ("no source", s => s.Remove("source_type"), "source_type"),
        ("unknown source", s => s["source_type"] = "SOURCE_RUMOUR", "source_type"),
        ("source identity too long", s => s["source_identity"] = new string('x', 501), "source_identity"),
        ("automated detection not Yes/No", s => s["automated_detection"] = "no", "automated_detection"),
        ("no automated decision", s => s.Remove("automated_decision"), "automated_decision"),
        ("unknown automated decision", s => s["automated_decision"] = "AUTOMATED_DECISION_SOMEWHAT", "automated_decision"),
        ("unknown account type", s => s["account_type"] = "ACCOUNT_TYPE_ROBOT", "account_type"),
        ("no puid", s => s.Remove("puid"), "puid"),
        ("puid with a space", s => s["puid"] = "a b", "puid"),
        ("puid with a slash", s => s["puid"] = "a/b", "puid"),
        ("puid too long", s => s["puid"] = new string('a', 501), "puid"),
        ("a field of the wrong type", s => s["decision_facts"] = 5, "decision_facts"),
    ];

    [TestCaseSource(nameof(BreakNames))]
    public void Each_rule_of_the_format_is_checked(string name)
    {
        var (_, breakIt, field) = Breaks.Single(b => b.Name == name);
        var statement = StatementSamples.ValidDsa("sample-1");
        Assert.That(DsaValidator.Validate(statement), Is.Empty, "the sample itself is valid");
        breakIt(statement);
        Assert.That(DsaValidator.Validate(statement), Has.Some.StartsWith(field + ":"));
    }

    private static IEnumerable<string> BreakNames() => Breaks.Select(b => b.Name);

    [Test]
    public void The_statement_reads_in_each_of_the_nine_languages()
    {
        var statement = StatementSamples.CounterfeitRemoval();
        var labels = new ComplaintNotifications(StatementSamples.Reference);
        var texts = StatementTexts.Load(Repo.Reference);
        var english = texts.Render(statement.Content, "en", StatementSamples.Reference, labels);
        Assert.That(english.Title, Is.EqualTo("Statement of reasons"));
        Assert.That(english.Sections.Select(s => s.Heading), Is.EqualTo(new[] { "What we decided", "Facts and circumstances", "Automated means", "Ground", "Our reasons", "Your redress options" }));
        Assert.That(english.Text, Does.Contain("Territorial scope").And.Contain("followed a notice").And.Contain("No automated means").And.Contain("Legal ground")
            .And.Contain("internal complaint system until 2027-05-20").And.Contain("Appeals Centre Europe").And.Contain("courts"));
        foreach (var language in Languages.Supported.Where(l => l != "en"))
        {
            var rendered = texts.Render(statement.Content, language, StatementSamples.Reference, labels);
            Assert.That(rendered.Language, Is.EqualTo(language));
            Assert.That(rendered.Title, Is.Not.EqualTo(english.Title), language);
            Assert.That(rendered.Sections.Select(s => s.Heading).Intersect(english.Sections.Select(s => s.Heading)), Is.Empty, language);
            Assert.That(rendered.Text, Does.Contain(statement.Content.CaseNumber).And.Contain("2027-05-20"), language);
        }
        Assert.That(texts.Render(statement.Content, "fr", StatementSamples.Reference, labels).Title, Is.EqualTo("Exposé des motifs"));
    }
}
