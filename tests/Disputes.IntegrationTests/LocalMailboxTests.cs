using Disputes.Application.Complaints;
using Disputes.Persistence;
using Disputes.Persistence.Local;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests;

/// <summary>
/// The local mailbox keeps a message's mails in one write, each once per idempotency key: also when the message is
/// delivered again after some of its mails were kept (a crash before its completion was recorded), and when two
/// deliveries of it race. On both providers.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class LocalMailboxTests(Db provider)
{
    private TestDatabase database = null!;
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = await TestDatabase.CreateAsync(provider);
        app = await TestApp.StartAsync(database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private static List<OutgoingNotification> Message(string key) =>
    [
        new("buyer-anna", "anna@example.test", "de", "Ihr Fall", "Grüße ☃", "decision", null, key + ":buyer-anna"),
        new("seller-bob", "bob@example.test", "en", "Your case", "Regards", "decision", null, key + ":seller-bob"),
        new("buyer-chen", "chen@example.test", "zh", "您的案件", "问候", "decision", null, key + ":buyer-chen"),
    ];

    private async Task SendAllAsync(IReadOnlyList<OutgoingNotification> mails)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<LocalMailbox>(scope.ServiceProvider).SendAllAsync(mails, CancellationToken.None);
    }

    private async Task<List<(string Key, string Subject)>> KeptAsync(string key) =>
        (await app.WithDbAsync(db => db.Mailbox.AsNoTracking().Where(m => m.IdempotencyKey.StartsWith(key)).Select(m => new { m.IdempotencyKey, m.Subject }).ToListAsync()))
        .Select(m => (m.IdempotencyKey, m.Subject)).OrderBy(m => m.IdempotencyKey, StringComparer.Ordinal).ToList();

    [Test]
    public async Task A_messages_mails_are_each_kept_once()
    {
        await SendAllAsync(Message("m1"));

        Assert.That(await KeptAsync("m1"), Is.EqualTo(Message("m1").Select(m => (m.IdempotencyKey, m.Subject)).OrderBy(m => m.IdempotencyKey, StringComparer.Ordinal).ToList()));
    }

    [Test]
    public async Task Delivered_again_after_one_mail_was_kept_the_others_are_kept_and_that_one_stays_once()
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await ActivatorUtilities.CreateInstance<LocalMailbox>(scope.ServiceProvider).SendAsync(Message("m2")[1], CancellationToken.None);

        await SendAllAsync(Message("m2"));

        Assert.That((await KeptAsync("m2")).Select(m => m.Key), Is.EqualTo(new[] { "m2:buyer-anna", "m2:buyer-chen", "m2:seller-bob" }));
    }

    [Test]
    public async Task Four_deliveries_of_one_message_raced_keep_each_mail_once()
    {
        for (var round = 0; round < 10; round++)
        {
            var key = $"race{round}";
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SendAllAsync(Message(key)))));
            Assert.That((await KeptAsync(key)).Select(m => m.Key), Is.EqualTo(new[] { key + ":buyer-anna", key + ":buyer-chen", key + ":seller-bob" }), $"round {round}");
        }
    }
}
