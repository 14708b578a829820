using Disputes.Application.Complaints;
using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

[TestFixture, NonParallelizable]
public class LanguageAndAccessTests : BrowserTest
{
    private static readonly (string Code, string Heading, string FileLink)[] Expected =
    [
        ("es", "Mis casos", "Presentar una reclamación"),
        ("it", "Le mie pratiche", "Presenta un reclamo"),
        ("fr", "Mes dossiers", "Déposer une réclamation"),
        ("nl", "Mijn zaken", "Klacht indienen"),
        ("de", "Meine Fälle", "Beschwerde einreichen"),
        ("zh", "我的案件", "提交投诉"),
        ("pt", "Os meus casos", "Apresentar uma reclamação"),
        ("pl", "Moje sprawy", "Złóż reklamację"),
        ("en", "My cases", "File a complaint"),
    ];

    [Test]
    public async Task Buyer_pages_switch_through_all_nine_languages_and_the_choice_is_remembered()
    {
        await App.AsAsync("buyer-emma", m => m.Send(new FileComplaint("ORD-1001", ["ORD-1001-1"], "not-received", "The lamp never arrived.", null, false)));
        var page = await SignInAsync("buyer-emma", "/my/cases");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My cases");
        // Keyboard and focus order: a page load focuses its heading, the next Tab reaches the page's own action;
        // the first focusable element of the document is the skip link; Enter on a language button chooses it.
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.tagName === 'H1'");
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"), Is.EqualTo("File a complaint"));
        Assert.That(await page.EvaluateAsync<string>("() => document.querySelector('a[href], button, input, select, textarea').textContent"), Is.EqualTo("Skip to content"));
        var seen = new HashSet<string> { "My cases" };
        foreach (var (code, heading, fileLink) in Expected)
        {
            await page.Locator($"button[data-lang='{code}']").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", code);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = fileLink })).ToBeVisibleAsync();
            await Expect(page.Locator($"button[data-lang='{code}']")).ToHaveAttributeAsync("aria-pressed", "true");
            var category = await page.GetByTestId("my-cases").Locator("tbody tr td").Nth(2).InnerTextAsync();
            seen.Add(heading + "|" + category);
            await ShotAsync(page, $"language-{code}");
            // The choice is remembered: a new page load (the circuit starts again) keeps the language.
            await page.GotoAsync("/my/cases/new");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", code);
            await page.GotoAsync("/my/cases");
            // The page focuses its heading once rendered; only then does the keyboard move on (else that focus would win).
            await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.tagName === 'H1'");
        }
        Assert.That(seen, Has.Count.EqualTo(10), "every language shows its own heading and category name");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await page.GotoAsync("/my/cases");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fmy%2Fcases$"));
    }

    [Test]
    public async Task A_party_cannot_open_another_partys_case()
    {
        var filed = await App.AsAsync("buyer-marco", m => m.Send(new FileComplaint("ORD-1030", ["ORD-1030-1"], "not-received", "The Fellini poster never arrived at my address.", null, false)));

        var page = await SignInAsync("buyer-lucia", $"/my/cases/{filed.Id}");
        // Lucía reads Spanish (her own language, until she chooses another).
        await Expect(page.GetByTestId("case-not-found")).ToContainTextAsync("No encontramos este caso entre los suyos");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Fellini");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(filed.Number);
        await ShotAsync(page, "access-1-other-partys-case");

        // The other party of that order sees it; a seller who is not a party does not.
        var seller = await SignInAsync("seller-anna", $"/my/cases/{filed.Id}");
        await Expect(seller.GetByTestId("current-step")).ToBeVisibleAsync();
        var stranger = await SignInAsync("seller-pierre", $"/my/cases/{filed.Id}");
        await Expect(stranger.GetByTestId("case-not-found")).ToBeVisibleAsync();
        // Nor do staff pages open for a party.
        await stranger.GotoAsync("/review");
        await Expect(stranger.GetByTestId("not-allowed")).ToBeVisibleAsync();
        await ShotAsync(stranger, "access-2-staff-page-refused");
    }

    [Test]
    public async Task Every_text_has_all_nine_languages()
    {
        var texts = App.Services.GetRequiredService<Disputes.Web.Ui.UiTexts>().All;
        var missing = texts.SelectMany(t => Disputes.Domain.Languages.Supported.Where(l => string.IsNullOrWhiteSpace(t.Value.GetValueOrDefault(l))).Select(l => $"{t.Key}:{l}")).ToList();
        Assert.That(missing, Is.Empty);
        var copies = texts.Where(t => t.Value.Count(kv => kv.Key != "en" && kv.Value == t.Value["en"]) > 3 && t.Key is not ("unit.m" or "unit.d" or "unit.h")).Select(t => t.Key).ToList();
        Assert.That(copies, Is.Empty, "texts copied from English into several languages");
    }
}
