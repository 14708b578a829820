using Disputes.Application.Complaints;
using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

/// <summary>The reviewer's queues as time passes (the fake clock moves; no timer is fired, so the deadline is only due).</summary>
[TestFixture, NonParallelizable]
public class QueueTests : BrowserTest
{
    [Test]
    public async Task A_review_moves_from_mine_to_breaching_soon_to_breached_with_a_counting_down_badge()
    {
        var filed = await App.AsAsync("buyer-lucia", m => m.Send(new FileComplaint("ORD-1005", ["ORD-1005-1"], "not-received", "The tea set never arrived.", null, false)));
        await App.AsAsync("seller-pierre", m => m.Send(new RefuseSettlement(filed.Id, null)));
        var reviewer = (await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(filed.Id)))).OpenTasks.Single().Assignee!;

        var page = await SignInAsync(reviewer, "/review", "en");
        var row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-state", "ok");
        await Expect(row.GetByTestId("deadline")).ToHaveTextAsync("7d 0h left");
        await Expect(page.GetByTestId("count-Mine")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("count-Breached")).ToHaveTextAsync("0");

        // The queues are ARIA tabs: one tab stop, arrow keys and End move between them and open them.
        var mine = page.GetByRole(AriaRole.Tab, new() { Name = "Mine" });
        await Expect(mine).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Tabpanel)).ToHaveAttributeAsync("aria-labelledby", "tab-Mine");
        await mine.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Unassigned" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Unassigned" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Breached" })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Tabpanel)).ToHaveAttributeAsync("aria-labelledby", "tab-Breached");
        await page.Keyboard.PressAsync("Home");
        await Expect(mine).ToHaveAttributeAsync("aria-selected", "true");

        // A filter set can be saved under a name and applied again later in this browser.
        await page.Locator("#f-language").SelectOptionAsync("es");
        await page.GetByLabel("Name for these filters").FillAsync("Spanish");
        await page.GetByTestId("save-filter").ClickAsync();
        await Expect(page.Locator("[data-filter='Spanish']")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#f-language")).ToHaveValueAsync("");
        await page.Locator("[data-filter='Spanish']").GetByRole(AriaRole.Button, new() { Name = "Spanish", Exact = true }).ClickAsync();
        await Expect(page.Locator("#f-language")).ToHaveValueAsync("es");
        await Expect(page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']")).ToBeVisibleAsync();

        App.Clock.Advance(TimeSpan.FromDays(6));
        page = await SignInAsync(reviewer, "/review", "en");
        row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row.GetByTestId("deadline")).ToHaveTextAsync("1d 0h left");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-state", "soon");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-urgency", "soon");
        await Expect(page.GetByTestId("count-BreachingSoon")).ToHaveTextAsync("1");
        await page.Locator("[data-queue='BreachingSoon']").ClickAsync();
        await Expect(page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']")).ToBeVisibleAsync();
        await page.Locator("[data-queue='Breached']").ClickAsync();
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await ShotAsync(page, "queues-1-breaching-soon");

        // Within the last day the badge looks different from one that is days away.
        App.Clock.Advance(TimeSpan.FromHours(21));
        page = await SignInAsync(reviewer, "/review", "en");
        row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row.GetByTestId("deadline")).ToHaveTextAsync("3h 0min left");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-urgency", "urgent");
        await ShotAsync(page, "queues-1b-due-today");

        App.Clock.Advance(TimeSpan.FromHours(6));
        page = await SignInAsync(reviewer, "/review?queue=Breached", "en");
        row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row.GetByTestId("deadline")).ToHaveTextAsync("−3h 0min overdue");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-state", "overdue");
        await Expect(row.GetByTestId("deadline")).ToHaveCSSAsync("background-color", "rgb(183, 28, 28)");
        await Expect(page.GetByTestId("count-Breached")).ToHaveTextAsync("1");
        await ShotAsync(page, "queues-2-breached");

        // Filters: another language or a higher value hides it.
        await page.Locator("#f-language").SelectOptionAsync("de");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await page.Locator("#f-language").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_lead_gives_a_review_to_another_reviewer_with_a_reason()
    {
        var filed = await App.AsAsync("buyer-marco", m => m.Send(new FileComplaint("ORD-1007", ["ORD-1007-1"], "not-as-described", "The print is a copy.", null, false)));
        await App.AsAsync("seller-pierre", m => m.Send(new RefuseSettlement(filed.Id, null)));
        var holder = (await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(filed.Id)))).OpenTasks.Single().Assignee!;
        var other = holder == "rev-ines" ? "rev-sam" : "rev-ines";
        var otherName = other == "rev-ines" ? "Inés García" : "Sam Okafor";

        var page = await SignInAsync("lead-olga", $"/review/cases/{filed.Id}", "en");
        var form = page.GetByTestId("reassign");
        await form.Locator(".mud-select").First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = otherName }).ClickAsync();
        await form.GetByLabel("Reason for the reassignment").FillAsync("Spanish-speaking buyer; Inés or Sam covers this week.");
        await form.GetByTestId("reassign-submit").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("The step was reassigned.");
        Assert.That((await App.AsAsync("comp-lena", m => m.Send(new GetComplaint(filed.Id)))).OpenTasks.Single().Assignee, Is.EqualTo(other));
        await ShotAsync(page, "lead-1-reassigned");

        var reviewerPage = await SignInAsync(other, $"/review/cases/{filed.Id}", "en");
        await Expect(reviewerPage.GetByTestId("tasks")).ToBeVisibleAsync();
        await Expect(reviewerPage.GetByTestId("reassign")).ToHaveCountAsync(0);
    }
}
