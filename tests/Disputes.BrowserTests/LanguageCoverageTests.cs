using System.Text.RegularExpressions;
using Disputes.Application.Complaints;
using Disputes.Application.Effects;
using Disputes.Application.Workflows;
using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

/// <summary>
/// No page, in any of the nine languages, shows an English text of ours where that language has its own: the text
/// on screen (and the accessible names, titles and placeholders) is compared with the English values of the UI's texts.
/// </summary>
[TestFixture, NonParallelizable]
public class LanguageCoverageTests : BrowserTest
{
    /// <summary>Words that are the same in every language here: the brand.</summary>
    private static readonly HashSet<string> AllowList = ["Disputes"];

    /// <summary>
    /// The visible text nodes of the page, and its accessible names, titles and placeholders; not what is shown as it is
    /// (code, the definition diagrams' activity ids, and elements marked data-verbatim: ids and what people wrote).
    /// </summary>
    private const string Texts = """
        () => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const n = walker.currentNode, p = n.parentElement, t = n.textContent.trim();
            if (!t || !p || p.closest('script, style, code, svg, [data-verbatim]')) continue;
            if (p.checkVisibility && !p.checkVisibility()) continue;
            out.push(t);
          }
          for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]'))
            for (const a of ['aria-label', 'title', 'placeholder']) { const v = e.getAttribute(a); if (v) out.push(v.trim()); }
          return out;
        }
        """;

    private sealed record English(string Key, string Text, Regex? Pattern);

    /// <summary>Every text the language has: a word that is the same in English and in it (German "Status") is its own.</summary>
    private HashSet<string> OwnTexts(string language) =>
        App.Services.GetRequiredService<Disputes.Web.Ui.UiTexts>().All.Values.Select(v => v.GetValueOrDefault(language)).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The English texts that <paramref name="language"/> says differently (a template becomes a pattern).</summary>
    private List<English> EnglishFor(string language)
    {
        var all = App.Services.GetRequiredService<Disputes.Web.Ui.UiTexts>().All;
        var list = new List<English>();
        foreach (var (key, byLanguage) in all)
        {
            var en = byLanguage.GetValueOrDefault("en") ?? "";
            if (en.Length < 4 || byLanguage.GetValueOrDefault(language) == en || AllowList.Contains(en)) continue;
            if (!en.Contains('{', StringComparison.Ordinal)) { list.Add(new English(key, en, null)); continue; }
            var literal = Regex.Replace(en, @"\{\w+\}", "");
            if (literal.Trim().Length < 8) continue;
            list.Add(new English(key, en, new Regex("^" + Regex.Replace(Regex.Escape(en), @"\\\{\w+}", ".+?") + "$", RegexOptions.Singleline)));
        }
        return list;
    }

    private static IEnumerable<string> Offences(IReadOnlyList<string> texts, IReadOnlyList<English> english, HashSet<string> own) =>
        from text in texts.Distinct()
        where !own.Contains(text)
        from e in english
        where e.Pattern is null
            ? text == e.Text || (e.Text.Length >= 20 && text.Contains(e.Text, StringComparison.Ordinal))
            : e.Pattern.IsMatch(text)
        select $"'{text}' (English of {e.Key})";

    [Test]
    public async Task No_page_in_any_language_shows_an_english_text_of_ours()
    {
        // A case under review and a decided one, so that the case pages have their panels.
        var open = await App.AsAsync("buyer-emma", m => m.Send(new FileComplaint("ORD-1001", ["ORD-1001-1"], "not-received", "The art deco lamp never arrived.", null, false)));
        await App.AsAsync("seller-vintagehuis", m => m.Send(new RefuseSettlement(open.Id, "It was posted with tracking.")));
        var view = await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(open.Id)));
        var reviewer = view.OpenTasks.Single(t => t.Step == ComplaintProcess.Steps.Review).Assignee!;
        var decided = await App.AsAsync("buyer-joao", m => m.Send(new FileComplaint("ORD-1024", ["ORD-1024-1"], "damaged", "The clasp is broken.", null, false)));
        await App.AsAsync("seller-anna", m => m.Send(new RefuseSettlement(decided.Id, null)));
        var second = await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(decided.Id)));
        await App.AsAsync(second.OpenTasks.Single(t => t.Step == ComplaintProcess.Steps.Review).Assignee!, m => m.Send(new DecideComplaint(decided.Id, second.Version,
            [new OutcomeInput("partial-refund", 30m, "EUR", null, null, null, false, null, null)], ["BP-4.1"], "The clasp is broken.", "Poor packing.")));
        await App.SystemAsync(new DispatchOutbox());

        var visits = new (string User, string[] Paths)[]
        {
            ("buyer-emma", ["/my/cases", "/my/cases/new", $"/my/cases/{open.Id}"]),
            ("buyer-joao", [$"/my/cases/{decided.Id}"]),
            (reviewer, ["/review", $"/review/cases/{open.Id}", "/review/conflicts"]),
            ("comp-lena", ["/compliance", "/compliance/statistics", "/compliance/audit", $"/compliance/cases/{decided.Id}"]),
            ("admin-ops", ["/ops/instances", $"/ops/instances/{view.WorkflowInstanceId}", "/ops/incidents", "/ops/definitions", "/no/such/page"]),
        };
        var offences = new List<string>();
        var checkedPages = 0;
        foreach (var language in Disputes.Domain.Languages.Supported.Where(l => l != "en"))
        {
            var english = EnglishFor(language);
            var own = OwnTexts(language);
            foreach (var (user, paths) in visits)
            {
                var page = await SignInAsync(user, "/", language);
                foreach (var path in paths)
                {
                    await page.GotoAsync(path);
                    await Expect(page.Locator("h1").First).ToBeVisibleAsync();
                    await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                    var texts = await page.EvaluateAsync<string[]>(Texts);
                    offences.AddRange(Offences(texts, english, own).Select(o => $"{language} {path}: {o}"));
                    checkedPages++;
                }
                await page.Context.CloseAsync();
            }
            var signIn = await NewPageAsync();
            await signIn.GotoAsync($"/ui/language?lang={language}&returnUrl=%2Fsignin");
            await Expect(signIn.Locator("h1")).ToBeVisibleAsync();
            offences.AddRange(Offences(await signIn.EvaluateAsync<string[]>(Texts), english, own).Select(o => $"{language} /signin: {o}"));
            checkedPages++;
            await ShotAsync(signIn, $"language-signin-{language}");
        }
        TestContext.Out.WriteLine($"{checkedPages} pages checked in 8 languages.");
        await File.WriteAllLinesAsync(Path.Combine(Path.GetDirectoryName(Repo.Screenshots)!, "language-offences.txt"), offences);
        Assert.That(offences, Is.Empty);
    }
}
