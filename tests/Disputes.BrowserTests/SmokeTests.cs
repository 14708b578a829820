using Disputes.BrowserTests.Support;
using Microsoft.Playwright;

namespace Disputes.BrowserTests;

[TestFixture]
public class SmokeTests : BrowserTest
{
    [Test]
    public async Task Sign_in_page_lists_demo_users_by_role()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.Locator("button[data-user='rev-sam']")).ToBeVisibleAsync();
        await ShotAsync(page, "signin");
        await context.CloseAsync();
    }
}
