using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Disputes.BrowserTests.Support;

/// <summary>
/// One app, one database and one headless Chromium per fixture. The browser is Debian's <c>/usr/bin/chromium</c>
/// (installed by test.sh); Playwright never downloads one. Each test signs in through the real sign-in page.
/// </summary>
public abstract class BrowserTest
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private TestDatabase database = null!;
    private IPlaywright playwright = null!;
    private readonly List<IBrowserContext> contexts = [];

    protected BrowserApp App { get; private set; } = null!;
    protected IBrowser Browser { get; private set; } = null!;

    /// <summary>Services and settings a fixture adds to the app (e.g. a failing effect for the operator journey).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }
    protected virtual Dictionary<string, string?> Settings() => [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath)) Assert.Fail($"{ChromiumPath} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install -y chromium.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Two shared cores: give a first circuit (and its JIT) time before an expectation fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        database = await TestDatabase.CreateAsync(Db.PostgreSql);
        App = await BrowserApp.StartAsync(database, ConfigureServices, Settings());
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(Repo.Screenshots);
    }

    [TearDown]
    public async Task CloseContextsAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
        contexts.Clear();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }

    /// <summary>A fresh browser (no cookies), signed in as <paramref name="userId"/> by clicking the user on the sign-in page.</summary>
    protected async Task<IPage> SignInAsync(string userId, string path = "/", string? language = null, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport);
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString(path));
        await page.Locator($"button[data-user='{userId}']").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("whoami")).ToContainTextAsync("(");
        if (language is not null)
        {
            // As the language buttons do: the choice is stored in a cookie and the page reloads.
            await page.GotoAsync($"/ui/language?lang={language}&returnUrl={Uri.EscapeDataString(path)}");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Assertions.Expect(page.GetByTestId("whoami")).ToContainTextAsync("(");
        }
        return page;
    }

    /// <summary>The desktop size every journey is walked at.</summary>
    public static ViewportSize Desktop => new() { Width = 1366, Height = 768 };

    /// <summary>A phone held upright (iPhone 12–14).</summary>
    public static ViewportSize Phone => new() { Width = 390, Height = 844 };

    /// <summary>A fresh browser (no cookies), not signed in.</summary>
    protected async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = viewport ?? Desktop,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Every visible form control on the page has a label (a label element, aria-label or aria-labelledby).</summary>
    protected static async Task AssertLabelledAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
                .filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                .map(e => e.outerHTML.slice(0, 160))
            """);
        Assert.That(unlabelled, Is.Empty, $"form controls without a label on {page.Url}");
    }

    /// <summary>
    /// Saves a full-page screenshot under .test-results/screenshots/ (collected by test.sh and CI) and runs axe-core on
    /// the page as it is: every journey step that is worth a screenshot is checked, and a serious or critical
    /// violation fails the test. The figures are appended to .test-results/axe-journeys.tsv.
    /// </summary>
    protected static async Task ShotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repo.Screenshots, name + ".png"), FullPage = true });
        TestContext.Out.WriteLine($"screenshot: .test-results/screenshots/{name}.png");
        var axe = await page.RunAxe();
        var blocking = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        int Count(string impact) => axe.Violations.Where(v => v.Impact == impact).Sum(v => v.Nodes.Length);
        var viewport = page.ViewportSize is { } size ? $"{size.Width}x{size.Height}" : "";
        await File.AppendAllTextAsync(Path.Combine(Path.GetDirectoryName(Repo.Screenshots)!, "axe-journeys.tsv"),
            $"{name}\t{viewport}\t{Count("critical")}\t{Count("serious")}\t{Count("moderate")}\t{Count("minor")}\t{string.Join(", ", blocking.Select(v => v.Id))}\n");
        Assert.That(blocking.Select(v => $"{v.Id} ({v.Impact}): {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"), Is.Empty,
            $"axe on {name} ({page.Url})");
    }
}
