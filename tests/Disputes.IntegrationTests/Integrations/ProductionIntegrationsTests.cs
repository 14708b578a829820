using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Workflows;

namespace Disputes.IntegrationTests.Integrations;

/// <summary>
/// The production adapters: orders and accounts read over HTTP, effects posted with their idempotency key,
/// notifications sent by SMTP (MailKit) — against stand-ins for the marketplace and a mail server on loopback ports.
/// </summary>
[TestFixture]
public class ProductionIntegrationsTests
{
    private TestDatabase database = null!;
    private StubMarketplace marketplace = null!;
    private StubSmtpServer smtp = null!;
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(Db.PostgreSql);
        marketplace = await StubMarketplace.StartAsync();
        smtp = new StubSmtpServer();
        app = await TestApp.StartAsync(database, settings: new()
        {
            ["Marketplace:Mode"] = "Http",
            ["Marketplace:BaseAddress"] = marketplace.BaseAddress.ToString(),
            ["Marketplace:ApiToken"] = "marketplace-secret",
            ["Mail:Mode"] = "Smtp",
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Security"] = "None",
            ["Mail:From"] = "disputes@marketplace.example.test",
        });
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
        await marketplace.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task DrainAsync()
    {
        for (var i = 0; i < 6; i++)
        {
            await app.SendAsync(new DispatchOutbox());
            app.Clock.Advance(TimeSpan.FromSeconds(45));
        }
    }

    [Test]
    public async Task A_settled_case_reads_the_order_over_http_pays_through_the_marketplace_api_once_and_mails_both_parties()
    {
        var orders = await app.ClientAs("buyer-emma").GetFromJsonAsync<JsonArray>("/api/orders/mine");
        Assert.That(orders!.Select(o => o!["id"]!.GetValue<string>()), Does.Contain("ORD-1001"));

        var filed = await app.ClientAs("buyer-emma").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-1001", itemIds = new[] { "ORD-1001-1" }, category = "not-received", description = "Nothing came." });
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await filed.Content.ReadAsStringAsync());
        var id = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.That((await app.ClientAs("seller-vintagehuis").PostAsJsonAsync($"/api/complaints/{id}/settlement/offer", new { amount = 40.00m, currency = "EUR" })).IsSuccessStatusCode);
        marketplace.EffectFailuresLeft["refund"] = 1; // the payment API is briefly down: the outbox retries
        Assert.That((await app.ClientAs("buyer-emma").PostAsJsonAsync($"/api/complaints/{id}/settlement/answer", new { accept = true })).IsSuccessStatusCode);

        await DrainAsync();

        var refund = marketplace.Effects.Single(e => e.Kind == "refund");
        Assert.That(refund.Key, Is.Not.Empty);
        Assert.That(refund.Authorization, Is.EqualTo("Bearer marketplace-secret"));
        Assert.That(JsonNode.Parse(refund.Body)!["amount"]!.GetValue<string>(), Is.EqualTo("40.00"));
        Assert.That(marketplace.EffectFailuresLeft["refund"], Is.Zero, "the first attempt failed and was retried");
        var mails = smtp.Messages.ToList();
        Assert.That(mails.SelectMany(m => m.To).Distinct(), Is.SupersetOf(new[] { "<emma@example.test>", "<shop@vintagehuis.example.test>" }));
        var toSeller = mails.Where(m => m.To.Contains("<shop@vintagehuis.example.test>")).ToList();
        Assert.That(toSeller, Is.Not.Empty);
        Assert.That(toSeller.All(m => m.Data.Contains("Content-Language: nl", StringComparison.Ordinal)), Is.True, "the seller is written to in Dutch");
        Assert.That(mails.All(m => m.From == "<disputes@marketplace.example.test>"), Is.True);
    }

    [Test]
    public async Task A_marketplace_that_does_not_answer_gives_a_503_problem_and_stores_nothing()
    {
        marketplace.OrdersDown = true;
        var filed = await app.ClientAs("buyer-emma").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-1001", itemIds = new[] { "ORD-1001-1" }, category = "not-received", description = "Nothing came." });
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(filed.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await filed.Content.ReadAsStringAsync(), Does.Contain("502"));
        Assert.That(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Complaints)), Is.Zero);

        var unknown = await app.ClientAs("buyer-emma").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-0000", itemIds = new[] { "x" }, category = "not-received", description = "?" });
        marketplace.OrdersDown = false;
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var notMine = await app.ClientAs("buyer-emma").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-0000", itemIds = new[] { "x" }, category = "not-received", description = "?" });
        Assert.That(notMine.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "404 from the marketplace: no such order");
    }
}
