using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

/// <summary>A browser meets 403, 404 and 500 as pages with a way back; the API keeps answering problem details.</summary>
[TestFixture, NonParallelizable]
public class ErrorPageTests : BrowserTest
{
    [Test]
    public async Task An_unknown_address_shows_a_page_with_a_way_back_and_the_api_keeps_problem_details()
    {
        var page = await NewPageAsync();
        var response = await page.GotoAsync("/no/such/page");
        Assert.That(response!.Status, Is.EqualTo(404));
        Assert.That(response.Headers["content-type"], Does.StartWith("text/html"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Expect(page.Locator("link[rel='icon']")).ToHaveAttributeAsync("href", "/favicon.svg");
        await ShotAsync(page, "error-404");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the start page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));

        // The API, even asked by a browser, answers problem details.
        var api = await page.GotoAsync("/api/no-such-thing");
        Assert.That(api!.Status, Is.EqualTo(404));
        Assert.That(api.Headers["content-type"], Does.StartWith("application/problem+json"));

        var icon = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.That(icon.Status, Is.EqualTo(200));
        Assert.That((await icon.BodyAsync()).Take(4), Is.EqualTo(new byte[] { 0, 0, 1, 0 }), "an ICO file");

        var failed = await page.GotoAsync("/error/500");
        Assert.That(failed!.Status, Is.EqualTo(500));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Something went wrong on our side");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go back" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_job_dashboard_sends_a_stranger_to_sign_in_and_shows_a_party_a_403_page_in_her_language()
    {
        var anonymous = await NewPageAsync();
        await anonymous.GotoAsync("/hangfire");
        await Expect(anonymous).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fhangfire$"));

        var buyer = await SignInAsync("buyer-lucia", "/my/cases");
        var response = await buyer.GotoAsync("/hangfire");
        Assert.That(response!.Status, Is.EqualTo(403));
        await Expect(buyer.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(buyer.Locator("h1")).ToHaveTextAsync("No puede abrir esta página");
        await Expect(buyer.GetByRole(AriaRole.Link, new() { Name = "Iniciar sesión como otra persona" })).ToHaveAttributeAsync("href", "/signin");
        await ShotAsync(buyer, "error-403-es");
    }
}
