using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;

namespace Disputes.IntegrationTests.Support;

/// <summary>Drives cases through real HTTP: file, look, act with If-Match, move the fake clock, run the outbox.</summary>
public sealed class CaseFlowDriver(TestApp app)
{
    public async Task<Guid> FileAsync(string user, string orderId, string[] items, string category, string text) =>
        Id(await FiledAsync(user, orderId, items, category, text));

    /// <summary>Files a complaint (201, or 200 for a repeat) and returns the API's answer.</summary>
    public async Task<JsonObject> FiledAsync(string user, string orderId, string[] items, string category, string text)
    {
        var response = await app.ClientAs(user).PostAsJsonAsync("/api/complaints", new { orderId, itemIds = items, category, description = text });
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static Guid Id(JsonObject o) => Guid.Parse(o["id"]!.GetValue<string>());

    public async Task<JsonObject> CaseAsync(Guid id, string user = "comp-lena")
    {
        var response = await app.ClientAs(user).GetAsync($"/api/complaints/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Who holds the open task of <paramref name="step"/>; the step must be open.</summary>
    public static string? AssigneeOf(JsonObject view, string step) =>
        view["openTasks"]!.AsArray().First(t => t!["step"]!.GetValue<string>() == step)!["assignee"]?.GetValue<string>();

    public async Task<HttpResponseMessage> PostAsync(string user, string path, object? body, long? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await app.ClientAs(user).SendAsync(request);
    }

    public static async Task OkAsync(HttpResponseMessage response) =>
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    public async Task AdvanceAsync(TimeSpan by)
    {
        app.Clock.Advance(by);
        // As the pump does every second: timers of one case that raced each other fire on the next round.
        for (var round = 0; round < 10; round++)
        {
            var result = await app.SendAsync(new FireDueTimers());
            if (result.Fired == 0 && result.Skipped == 0) break;
        }
        await app.SendAsync(new AssignOpenTasks());
    }

    public async Task DispatchAsync()
    {
        await app.SendAsync(new DispatchOutbox());
        await app.SendAsync(new DispatchOutbox());
    }

    /// <summary>
    /// A counterfeit complaint about ORD-1031 (buyer-chloe against seller-pierre, who reads French): reviewed,
    /// escalated, and decided by an expert with a full refund and the listing's removal. Returns the case id.
    /// </summary>
    public async Task<Guid> CounterfeitRemovedAsync(string facts = "The stitching and the serial number show the bag is not genuine.", string reasons = "Selling counterfeit goods breaches our terms and trade mark law.")
    {
        var id = await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake.");
        await AdvanceAsync(TimeSpan.FromDays(4));
        var view = await CaseAsync(id);
        var reviewer = AssigneeOf(view, "review")!;
        await OkAsync(await PostAsync(reviewer, $"/api/complaints/{id}/escalation", new { note = "Counterfeit: expert needed." }));
        await app.SendAsync(new AssignOpenTasks());
        view = await CaseAsync(id);
        var expert = AssigneeOf(view, "expert")!;
        await OkAsync(await PostAsync(expert, $"/api/complaints/{id}/decision", new
        {
            outcomes = new object[] { new { kind = "full-refund" }, new { kind = "item-removal", itemIds = new[] { "ORD-1031-1" } } },
            clauses = new[] { "IP-1.1" }, facts, reasons,
        }, view["version"]!.GetValue<long>()));
        await DispatchAsync();
        return id;
    }
}
