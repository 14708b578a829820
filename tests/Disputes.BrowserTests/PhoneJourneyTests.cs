using System.Text;
using Disputes.Application.Complaints;
using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

/// <summary>The party and queue journeys on a phone (390×844): through the menu, nothing wider than the screen at any step.</summary>
[TestFixture, NonParallelizable]
public class PhoneJourneyTests : BrowserTest
{
    private static async Task FitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), $"{page.Url} is wider than the phone");
    }

    private static async Task MenuAsync(IPage page, string link)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.WaitForFunctionAsync("() => { const m = document.querySelector('[data-testid=menu]'); return m && m.getBoundingClientRect().left >= 0; }");
        await page.GetByTestId("menu").GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
    }

    [Test]
    public async Task A_buyer_files_a_complaint_and_follows_it_on_a_phone()
    {
        var page = await SignInAsync("buyer-emma", "/my/cases", "en", Phone);
        await Expect(page.Locator("h1")).ToHaveTextAsync("My cases");
        await FitsAsync(page);
        await ShotAsync(page, "phone-buyer-1-my-cases");
        await MenuAsync(page, "File a complaint");
        await Expect(page.Locator("h1")).ToHaveTextAsync("File a complaint");
        await page.GetByRole(AriaRole.Radio, new() { Name = "ORD-1001" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Item not received" }).CheckAsync();
        await page.GetByLabel("Describe the problem").FillAsync("The art deco lamp never arrived.");
        await page.Locator("#evidence").SetInputFilesAsync(new FilePayload { Name = "tracking.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Tracking shows no movement since 3 Oct.") });
        await FitsAsync(page);
        await ShotAsync(page, "phone-buyer-2-file");
        await page.GetByTestId("file-submit").ClickAsync();
        await Expect(page.GetByTestId("filed")).ToContainTextAsync("Your complaint has been filed as case");
        await Expect(page.GetByTestId("evidence-result")).ToContainTextAsync("Evidence added");
        await FitsAsync(page);
        await ShotAsync(page, "phone-buyer-3-filed");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the case" }).ClickAsync();
        await Expect(page.GetByTestId("what-next")).ToContainTextAsync("What happens next");
        await FitsAsync(page);
        await ShotAsync(page, "phone-buyer-4-case");
    }

    [Test]
    public async Task A_lead_sees_the_queues_and_the_team_on_a_phone()
    {
        var filed = await App.AsAsync("buyer-lucia", m => m.Send(new FileComplaint("ORD-1005", ["ORD-1005-1"], "not-received", "The tea set never arrived.", null, false)));
        await App.AsAsync("seller-pierre", m => m.Send(new RefuseSettlement(filed.Id, null)));
        var holder = (await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(filed.Id)))).OpenTasks.Single().Assignee!;

        var page = await SignInAsync("lead-olga", "/review", "en", Phone);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Review queues");
        await FitsAsync(page);
        await ShotAsync(page, "phone-queue-1-mine");
        // The team view: work held by others, with who holds it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Team" }).ClickAsync();
        var row = page.GetByTestId("team").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row).ToHaveAttributeAsync("data-holder", holder);
        await Expect(page.GetByRole(AriaRole.Tabpanel)).ToHaveAttributeAsync("aria-labelledby", "tab-Team");
        await FitsAsync(page);
        await ShotAsync(page, "phone-queue-2-team");
        await row.GetByRole(AriaRole.Link, new() { Name = filed.Number }).ClickAsync();
        await Expect(page.GetByTestId("conversation")).ToContainTextAsync("The tea set never arrived.");
        await FitsAsync(page);
        await ShotAsync(page, "phone-queue-3-case");
    }
}
