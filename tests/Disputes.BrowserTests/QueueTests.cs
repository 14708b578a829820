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

        App.Clock.Advance(TimeSpan.FromDays(6));
        page = await SignInAsync(reviewer, "/review", "en");
        row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row.GetByTestId("deadline")).ToHaveTextAsync("1d 0h left");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-state", "soon");
        await page.Locator("[data-queue='BreachingSoon']").ClickAsync();
        await Expect(page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']")).ToBeVisibleAsync();
        await page.Locator("[data-queue='Breached']").ClickAsync();
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await ShotAsync(page, "queues-1-breaching-soon");

        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(3));
        page = await SignInAsync(reviewer, "/review?queue=Breached", "en");
        row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row.GetByTestId("deadline")).ToHaveTextAsync("overdue by 3h 0min");
        await Expect(row.GetByTestId("deadline")).ToHaveAttributeAsync("data-state", "overdue");
        await ShotAsync(page, "queues-2-breached");

        // Filters: another language or a higher value hides it.
        await page.Locator("#f-language").SelectOptionAsync("de");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await page.Locator("#f-language").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']")).ToBeVisibleAsync();
    }
}
