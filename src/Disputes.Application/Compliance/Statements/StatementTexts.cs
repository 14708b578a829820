using System.Globalization;
using System.Text;
using System.Text.Json;
using Disputes.Application.Complaints.Effects;
using Disputes.Application.Reference;
using Disputes.Domain;
using Disputes.Domain.Notifications;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Redress;

namespace Disputes.Application.Compliance.Statements;

public sealed record StatementSection(string Heading, IReadOnlyList<string> Lines);

/// <summary>A statement of reasons as the affected party reads it, in one language.</summary>
public sealed record RenderedStatement(string Puid, string Language, string Title, IReadOnlyList<StatementSection> Sections, string Text);

/// <summary>
/// Renders statements of reasons in the nine languages, from <c>reference/statements-of-reasons.json</c> and the
/// outcome, category and redress labels of <c>notifications.json</c>.
/// </summary>
public sealed class StatementTexts(NotificationTexts texts) : Ports.IClauseTitles
{
    public static StatementTexts Load(string folder) => new(ReferenceData.Read(folder, "statements-of-reasons.json", root => new NotificationTexts(
        root.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.Object)
            .ToDictionary(l => l.Name, l => (IReadOnlyDictionary<string, string>)l.Value.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString() ?? "")))));

    /// <summary>A policy clause's title in <paramref name="language"/>, or <paramref name="fallback"/> (the catalogue's English) when not translated.</summary>
    public string ClauseTitle(string clauseId, string language, string fallback) =>
        texts.Has("clause." + clauseId) ? texts.Get(Languages.IsSupported(language) ? language : "en", "clause." + clauseId) : fallback;

    /// <param name="supersededBy">The puid of the follow-up statement that replaced this one on appeal, if any.</param>
    /// <param name="appealDecided">The appeal has been decided: the internal complaint is no longer offered.</param>
    public RenderedStatement Render(StatementContent c, string language, ReferenceData reference, ComplaintNotifications labels, string? supersededBy = null, bool appealDecided = false)
    {
        if (!Languages.IsSupported(language)) language = "en";
        string T(string key, params (string Key, string Value)[] values) => texts.Render(language, key, values.ToDictionary(v => v.Key, v => v.Value));
        static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var kind = OutcomeKinds.TryParse(c.Restriction, out var k) ? k : OutcomeKind.ItemRemoval;
        var outcome = new Outcome(kind, AccountId: c.AffectedAccountId, Until: c.Until, Permanent: c.Permanent && kind != OutcomeKind.ItemRemoval);
        var label = labels.OutcomeLabel(outcome, language);
        var restriction = new List<string> { label };
        restriction.AddRange(c.Items.Select(i => T("listing", ("item", i))));
        restriction.Add(T("scope", ("countries", string.Join(", ", c.TerritorialScope))));
        if (c.Change != StatementContent.Lifted)
            restriction.Add(c.Until is { } until && !c.Permanent ? T("duration.until", ("until", Day(until))) : T("duration.permanent"));

        var revision = new List<string>();
        if (c.Change == StatementContent.Lifted) revision.Add(T("revision.lifted", ("date", Day(c.DecidedAt)), ("restriction", label)));
        if (c.Change == StatementContent.Changed)
        {
            var previous = labels.OutcomeLabel(outcome with { Until = c.PreviousUntil, Permanent = c.PreviousPermanent && kind != OutcomeKind.ItemRemoval }, language);
            revision.Add(T("revision.changed", ("date", Day(c.DecidedAt)), ("restriction", label), ("before", previous)));
        }
        if (c.Revises is { } revises) revision.Add(T("revision.replaces", ("puid", revises)));

        var facts = new List<string> { c.Facts };
        if (c.FollowedNotice)
            facts.Add(T("notice", ("date", Day(c.NoticeFiledAt)), ("category", reference.Texts.Get(language, "category." + c.NoticeCategory))));

        // Clause titles and legal grounds in the reader's language (statements-of-reasons.json), the stored English otherwise.
        string Translated(string key, string fallback) => texts.Has(key) ? texts.Get(language, key) : fallback;
        var clauses = string.Join("; ", c.Clauses.Select(x => $"{x.Id} {Translated("clause." + x.Id, x.Title)}"));
        var ground = new List<string>();
        if (c.IllegalContent && c.LegalGround is not null) ground.Add(T("ground.illegal", ("legalGround", Translated("legalGround." + c.NoticeCategory, c.LegalGround))));
        ground.Add(T("ground.terms", ("clauses", clauses)));

        var redress = new List<string>();
        if (c.AppealableUntil is { } appeal && !appealDecided && supersededBy is null) redress.Add(labels.RedressLabel(new RedressOption("appeal", Until: appeal), language));
        foreach (var b in c.Bodies)
        {
            var body = new RedressBody(b.Id, b.Name, b.Kind == "mediator" ? RedressKind.Mediator : RedressKind.DsaOutOfCourt, b.Country, b.Url, null, null, null, null);
            redress.Add(labels.RedressLabel(new RedressOption(b.Kind, body), language));
        }
        redress.Add(labels.RedressLabel(new RedressOption("courts"), language));

        var sections = new List<StatementSection>();
        if (revision.Count > 0) sections.Add(new(T("revision"), revision));
        if (supersededBy is not null) sections.Add(new(T("revision"), [T("superseded", ("puid", supersededBy))]));
        sections.AddRange(new List<StatementSection>
        {
            new(T("restriction"), restriction),
            new(T("facts"), facts),
            new(T("automation"), [T("automation.none")]),
            new(T("ground"), ground),
            new(T("reasons"), [c.Reasons]),
            new(T("redress"), redress),
        });
        var title = T(c.Change is null ? "title" : "title.revised");
        var text = new StringBuilder().AppendLine(title).AppendLine(T("intro", ("caseNumber", c.CaseNumber), ("date", Day(c.DecidedAt))));
        foreach (var s in sections)
        {
            text.AppendLine().AppendLine(s.Heading);
            foreach (var line in s.Lines) text.Append("- ").AppendLine(line);
        }
        return new RenderedStatement(c.Puid, language, title, sections, text.ToString());
    }
}
