using System.Text.Json.Nodes;
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

    /// <summary>The shared way to act on cases through HTTP; the helpers below are its short names.</summary>
    protected CaseFlowDriver Flow => new(App);

    protected Task<JsonObject> FileAsync(string user, string orderId, string[] items, string category, string text = "The parcel never arrived.") =>
        Flow.FiledAsync(user, orderId, items, category, text);

    protected Task<JsonObject> CaseAsync(string user, Guid id) => Flow.CaseAsync(id, user);

    protected static Guid Id(JsonObject o) => CaseFlowDriver.Id(o);

    protected static string[] Steps(JsonObject view) => view["openTasks"]!.AsArray().Select(t => t!["step"]!.GetValue<string>()).ToArray();

    protected static string? AssigneeOf(JsonObject view, string step) => CaseFlowDriver.AssigneeOf(view, step);

    protected Task<HttpResponseMessage> PostAsync(string user, string path, object? body, long? ifMatch = null) => Flow.PostAsync(user, path, body, ifMatch);

    protected static Task OkAsync(HttpResponseMessage response) => CaseFlowDriver.OkAsync(response);

    protected Task AdvanceAsync(TimeSpan by) => Flow.AdvanceAsync(by);

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
