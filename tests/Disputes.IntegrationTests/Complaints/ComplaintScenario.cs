using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>What every complaint scenario needs: a fresh PostgreSQL database, the app over real HTTP, a fake clock, and short ways to act and look.</summary>
public abstract class ComplaintScenario
{
    private TestDatabase database = null!;
    private TestApp? app;

    protected TestApp App => app ?? throw new InvalidOperationException("The app starts in SetUp.");

    /// <summary>Replaces services at the edges we do not own (e.g. a marketplace port that fails).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(Db.PostgreSql);
        app = await TestApp.StartAsync(database, services: ConfigureServices);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (app is not null) await app.DisposeAsync();
        await database.DisposeAsync();
    }

    protected async Task<JsonObject> FileAsync(string user, string orderId, string[] items, string category, string text = "The parcel never arrived.")
    {
        var response = await App.ClientAs(user).PostAsJsonAsync("/api/complaints", new { orderId, itemIds = items, category, description = text });
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    protected async Task<JsonObject> CaseAsync(string user, Guid id)
    {
        var response = await App.ClientAs(user).GetAsync($"/api/complaints/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    protected static Guid Id(JsonObject o) => Guid.Parse(o["id"]!.GetValue<string>());

    protected static string[] Steps(JsonObject view) => view["openTasks"]!.AsArray().Select(t => t!["step"]!.GetValue<string>()).ToArray();

    protected static string? AssigneeOf(JsonObject view, string step) =>
        view["openTasks"]!.AsArray().First(t => t!["step"]!.GetValue<string>() == step)!["assignee"]?.GetValue<string>();

    protected async Task<HttpResponseMessage> PostAsync(string user, string path, object? body, long? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await App.ClientAs(user).SendAsync(request);
    }

    protected static async Task OkAsync(HttpResponseMessage response) =>
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    protected async Task AdvanceAsync(TimeSpan by)
    {
        App.Clock.Advance(by);
        // As the pump does every second: timers of one case that raced each other fire on the next round.
        for (var round = 0; round < 10; round++)
        {
            var result = await App.SendAsync(new FireDueTimers());
            if (result.Fired == 0 && result.Skipped == 0) break;
        }
        await App.SendAsync(new AssignOpenTasks());
    }

    protected Task<DispatchOutboxResult> DispatchAsync() => App.SendAsync(new DispatchOutbox());

    protected async Task<List<(string Kind, string Payload, int Deliveries)>> LedgerAsync(Guid complaintId) =>
        (await App.WithDbAsync(async db =>
        {
            var instance = await db.Instances.AsNoTracking().Where(i => i.CorrelationId == complaintId.ToString()).Select(i => i.Id).SingleAsync();
            return await db.LocalEffects.AsNoTracking().Where(e => e.InstanceId == instance).OrderBy(e => e.AppliedAt).ToListAsync();
        })).Select(e => (e.Kind, e.Payload, e.Deliveries)).ToList();

    protected async Task<List<(string To, string Language, string Template, string Subject, string Body)>> MailAsync(Guid complaintId) =>
        (await App.WithDbAsync(db => db.Mailbox.AsNoTracking().Where(m => m.ComplaintId == complaintId).OrderBy(m => m.SentAt).ToListAsync()))
            .Select(m => (m.RecipientId, m.Language, m.Template, m.Subject, m.Body)).ToList();

    protected static object Decision(object[] outcomes, string[] clauses) =>
        new { outcomes, clauses, facts = "Photos show the lamp arrived with a cracked shade.", reasons = "The seller did not pack it adequately." };

}
