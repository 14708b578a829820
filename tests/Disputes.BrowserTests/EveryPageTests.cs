using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Disputes.Application.Complaints;
using Disputes.Application.Effects;
using Disputes.Application.Workflows;
using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

/// <summary>
/// Every page of every user group, at 1366×768 and at 390×844: axe-core finds no serious or critical violation, and
/// on the phone nothing is wider than the screen. The figures per page are written to
/// <c>.test-results/page-checks.md</c>.
/// </summary>
[TestFixture, NonParallelizable]
public class EveryPageTests : BrowserTest
{
    private sealed record Visit(string User, string Path, string Name);

    private sealed record Check(string Viewport, Visit Visit, int ScrollWidth, int Width, string OffScreen, int Serious, int Critical, int Moderate, int Minor, string Rules);

    /// <summary>
    /// The document's scrollWidth and the viewport's width, and the visible elements that reach past the right edge
    /// without a scrolling ancestor to hold them (a fixed top bar that overflows does not widen the document).
    /// </summary>
    private const string Widths = """
        () => {
          const w = window.innerWidth, out = [];
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect(), st = getComputedStyle(e);
            if (r.width === 0 || r.height === 0 || st.visibility === 'hidden' || r.right <= w + 1) continue;
            let a = e.parentElement, held = false;
            while (a && a !== document.body) {
              const sa = getComputedStyle(a);
              if (sa.overflowX !== 'visible' && a.getBoundingClientRect().right <= w + 1) { held = true; break; }
              a = a.parentElement;
            }
            if (!held) out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '') + ' → ' + Math.round(r.right));
          }
          return [String(document.documentElement.scrollWidth), String(w), out.slice(0, 3).join('; ')];
        }
        """;

    private async Task<IReadOnlyList<Visit>> SeedAsync()
    {
        // An open case under review and a decided one, so that every page has something to show.
        var open = await App.AsAsync("buyer-emma", m => m.Send(new FileComplaint("ORD-1001", ["ORD-1001-1"], "not-received", "The art deco lamp never arrived.", null, false)));
        await App.AsAsync("seller-vintagehuis", m => m.Send(new RefuseSettlement(open.Id, "It was posted with tracking on 2 November.")));
        var view = await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(open.Id)));
        var reviewer = view.OpenTasks.Single(t => t.Step == "review").Assignee!;

        var decided = await App.AsAsync("buyer-joao", m => m.Send(new FileComplaint("ORD-1024", ["ORD-1024-1"], "damaged", "The amber necklace arrived with a broken clasp.", null, false)));
        await App.AsAsync("seller-anna", m => m.Send(new RefuseSettlement(decided.Id, null)));
        var second = await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(decided.Id)));
        await App.AsAsync(second.OpenTasks.Single(t => t.Step == "review").Assignee!, m => m.Send(new DecideComplaint(decided.Id, second.Version,
            [new OutcomeInput("partial-refund", 30m, "EUR", null, null, null, false, null, null)], ["BP-4.1"], "The clasp is broken.", "Poor packing.")));
        await App.SystemAsync(new DispatchOutbox());

        return
        [
            new("", "/signin", "signin"),
            new("buyer-emma", "/my/cases", "party-my-cases"),
            new("buyer-emma", "/my/cases/new", "party-file"),
            new("buyer-emma", $"/my/cases/{open.Id}", "party-case-open"),
            new("seller-vintagehuis", $"/my/cases/{open.Id}", "party-case-seller"),
            new("buyer-joao", $"/my/cases/{decided.Id}", "party-case-decided"),
            new("buyer-emma", "/no/such/page", "not-found"),
            new(reviewer, "/review", "staff-queues"),
            new(reviewer, $"/review/cases/{open.Id}", "staff-case"),
            new(reviewer, "/review/conflicts", "staff-conflicts"),
            new("comp-lena", "/compliance", "compliance-search"),
            new("comp-lena", "/compliance/statistics", "compliance-statistics"),
            new("comp-lena", $"/compliance/cases/{decided.Id}", "compliance-case"),
            new("admin-ops", "/ops/instances", "ops-instances"),
            new("admin-ops", $"/ops/instances/{view.WorkflowInstanceId}", "ops-instance"),
            new("admin-ops", "/ops/definitions", "ops-definitions"),
        ];
    }

    [Test]
    public async Task Every_page_passes_axe_and_fits_a_phone()
    {
        var visits = await SeedAsync();
        var checks = new List<Check>();
        foreach (var (label, viewport) in new[] { ("1366x768", Desktop), ("390x844", Phone) })
        {
            foreach (var visit in visits)
            {
                var page = visit.User == "" ? await NewPageAsync(viewport) : await SignInAsync(visit.User, "/", viewport: viewport);
                await page.GotoAsync(visit.Path);
                await SettledAsync(page);
                var widths = await page.EvaluateAsync<string[]>(Widths);
                var axe = await page.RunAxe();
                int Count(string impact) => axe.Violations.Where(v => v.Impact == impact).Sum(v => v.Nodes.Length);
                var rules = string.Join(", ", axe.Violations.Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{v.Id} ×{v.Nodes.Length} ({string.Join(" | ", v.Nodes.Take(2).Select(n => n.Target?.ToString()))})"));
                checks.Add(new Check(label, visit, int.Parse(widths[0]), int.Parse(widths[1]), widths[2], Count("serious"), Count("critical"), Count("moderate"), Count("minor"), rules));
                await ShotAsync(page, $"page-{label}-{visit.Name}");
                await page.Context.CloseAsync();
            }
        }

        var report = new StringBuilder("| viewport | page | user | scrollWidth / width | off screen | critical | serious | moderate | minor | serious or critical rules |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var c in checks)
            report.Append($"| {c.Viewport} | {c.Visit.Name} | {c.Visit.User} | {c.ScrollWidth} / {c.Width} | {c.OffScreen} | {c.Critical} | {c.Serious} | {c.Moderate} | {c.Minor} | {c.Rules} |\n");
        Directory.CreateDirectory(Path.GetDirectoryName(Repo.Screenshots)!);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Repo.Screenshots)!, "page-checks.md"), report.ToString());
        TestContext.Out.WriteLine(report.ToString());

        Assert.Multiple(() =>
        {
            foreach (var c in checks)
            {
                Assert.That(c.Serious + c.Critical, Is.Zero, $"{c.Viewport} {c.Visit.Path}: {c.Rules}");
                if (c.Viewport != "390x844") continue;
                Assert.That(c.ScrollWidth, Is.LessThanOrEqualTo(c.Width), $"{c.Visit.Path} is wider than a phone");
                Assert.That(c.OffScreen, Is.Empty, $"{c.Visit.Path}: elements past the right edge of a phone");
            }
        });
    }

    [Test]
    public async Task On_a_phone_the_top_bar_folds_into_a_menu_that_reaches_languages_and_sign_out()
    {
        var page = await SignInAsync("lead-olga", "/review", viewport: Phone);
        await SettledAsync(page);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        await Expect(menu).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
        await menu.ClickAsync();
        var drawer = page.GetByTestId("menu");
        // The drawer slides in: wait until it has arrived, not for a fixed time.
        await page.WaitForFunctionAsync("() => { const m = document.querySelector('[data-testid=menu]'); return m && m.getBoundingClientRect().left >= 0; }");
        await Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Statistics" })).ToBeInViewportAsync();
        await Expect(drawer.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync();
        await ShotAsync(page, "phone-menu-open");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Deutsch" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Menü" })).ToBeVisibleAsync();
    }

    /// <summary>The page has rendered its heading and finished loading its data.</summary>
    private static async Task SettledAsync(IPage page)
    {
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
    }
}
