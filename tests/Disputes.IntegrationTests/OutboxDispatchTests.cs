using System.Collections.Concurrent;
using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Disputes.Persistence;
using Disputes.Persistence.Local;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;

namespace Disputes.IntegrationTests;

/// <summary>
/// The outbox on both providers: the messages of different cases run at the same time, those of one case in the order
/// its transitions recorded them, and a batch's completions are recorded once, with their audit entries, in one
/// transaction; a dispatch that stops before recording them runs the same messages again under the same keys.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class OutboxDispatchTests(Db provider)
{
    private static readonly (string Buyer, string Order)[] Orders =
        [("buyer-emma", "ORD-1001"), ("buyer-lucia", "ORD-1004"), ("buyer-marco", "ORD-1007"), ("buyer-chloe", "ORD-1010"), ("buyer-daan", "ORD-1013"), ("buyer-jonas", "ORD-1017")];

    private TestDatabase database = null!;
    private TestApp app = null!;
    private Probe probe = null!;

    [SetUp]
    public async Task SetUp()
    {
        probe = new Probe();
        database = await TestDatabase.CreateAsync(provider);
        app = await TestApp.StartAsync(database, services: s =>
            s.AddScoped<INotificationSender>(sp => new ProbeSender(ActivatorUtilities.CreateInstance<LocalMailbox>(sp), sp.GetRequiredService<DisputesDbContext>(), probe)),
            settings: new() { ["Workflows:OutboxParallelism"] = "4" });
    }

    [TearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task Cases_run_side_by_side_each_in_its_order_and_every_completion_is_recorded_once()
    {
        var flow = new CaseFlowDriver(app);
        foreach (var (buyer, order) in Orders) await flow.FileAsync(buyer, order, [order + "-1"], "damaged", "It arrived broken.");
        // The first mail of each case waits until four cases' mails are being sent at the same time.
        probe.Together = 4;

        var result = await app.SendAsync(new DispatchOutbox());

        Assert.That(probe.MostAtOnce, Is.GreaterThanOrEqualTo(4), "four cases' messages ran at the same time");
        Assert.That(probe.SentBeforeItsHold, Is.Empty, "each case's mail ran after the hold its filing recorded before it");
        var outbox = await app.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.That(outbox, Has.Count.EqualTo(Orders.Length * 2), "a hold and a mail per filing");
        Assert.That(outbox.Select(m => (m.Status, m.Attempts)), Is.All.EqualTo((OutboxStatus.Done, 1)));
        Assert.That(result.Done, Is.EqualTo(outbox.Count));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "notification.sent" || a.Action == "effect.carried-out").ToListAsync());
        foreach (var message in outbox)
            Assert.That(audit.Count(a => a.Data.Contains(message.IdempotencyKey, StringComparison.Ordinal)), Is.EqualTo(1), $"one audit entry for {message.Kind} {message.IdempotencyKey}");
        Assert.That((await app.SendAsync(new DispatchOutbox())).Done, Is.Zero, "nothing runs twice");
    }

    [Test]
    public async Task A_dispatch_stopped_before_it_records_the_batch_runs_the_same_messages_again_and_each_takes_effect_once()
    {
        var flow = new CaseFlowDriver(app);
        foreach (var (buyer, order) in Orders.Take(3)) await flow.FileAsync(buyer, order, [order + "-1"], "damaged", "It arrived broken.");
        using var stop = new CancellationTokenSource();
        probe.AfterSends = (2, stop); // the service stops while the batch is running: two mails are out

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<Mediator.IMediator>();
            Assert.That(async () => await mediator.Send(new DispatchOutbox(), stop.Token), Throws.InstanceOf<OperationCanceledException>());
        }
        Assert.That(await app.WithDbAsync(db => db.Outbox.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Done)), Is.Zero, "no completion was recorded");
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().CountAsync(a => a.Action == "notification.sent")), Is.Zero);
        Assert.That(await app.WithDbAsync(db => db.Mailbox.AsNoTracking().CountAsync()), Is.GreaterThanOrEqualTo(2), "mails that went out before the stop");

        probe.AfterSends = null;
        var result = await app.SendAsync(new DispatchOutbox());

        var outbox = await app.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.That(result.Done, Is.EqualTo(outbox.Count));
        Assert.That(outbox.Select(m => m.Status), Is.All.EqualTo(OutboxStatus.Done));
        var mails = await app.WithDbAsync(db => db.Mailbox.AsNoTracking().ToListAsync());
        Assert.That(mails.Select(m => m.IdempotencyKey), Is.Unique, "each mail delivered once, though sent again");
        Assert.That(mails, Has.Count.EqualTo(3 * 2), "the filed mail to both parties of each case");
        var holds = await app.WithDbAsync(db => db.LocalEffects.AsNoTracking().ToListAsync());
        Assert.That(holds, Has.Count.EqualTo(3), "each hold applied once");
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "notification.sent" || a.Action == "effect.carried-out").ToListAsync());
        Assert.That(audit, Has.Count.EqualTo(outbox.Count), "one audit entry per message, recorded with its completion");
    }

    private sealed class Probe
    {
        private int inFlight;
        private int sends;
        private readonly ConcurrentDictionary<Guid, bool> waited = new();
        private readonly TaskCompletionSource together = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Together { get; set; }
        public (int Sends, CancellationTokenSource Stop)? AfterSends { get; set; }
        public int MostAtOnce { get; private set; }
        public ConcurrentBag<Guid> SentBeforeItsHold { get; } = [];

        public async Task EnterAsync(Guid? complaintId)
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (this) MostAtOnce = Math.Max(MostAtOnce, now);
            if (now >= Together) together.TrySetResult();
            if (Together > 0 && complaintId is { } id && waited.TryAdd(id, true))
                await together.Task.WaitAsync(TimeSpan.FromSeconds(20)); // serial lanes would time out here
        }

        public void Leave()
        {
            Interlocked.Decrement(ref inFlight);
            if (AfterSends is { } stop && Interlocked.Increment(ref sends) == stop.Sends) stop.Stop.Cancel();
        }
    }

    private sealed class ProbeSender(INotificationSender inner, DisputesDbContext db, Probe probe) : INotificationSender
    {
        public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
        {
            await probe.EnterAsync(notification.ComplaintId);
            try
            {
                var instance = await db.Complaints.AsNoTracking().Where(c => c.Id == notification.ComplaintId).Select(c => c.WorkflowInstanceId).SingleAsync(cancellationToken);
                if (!await db.LocalEffects.AsNoTracking().AnyAsync(e => e.InstanceId == instance && e.Kind == Disputes.Domain.Outcomes.EffectKinds.HoldFunds, cancellationToken))
                    probe.SentBeforeItsHold.Add(notification.ComplaintId!.Value);
                await inner.SendAsync(notification, cancellationToken);
            }
            finally
            {
                probe.Leave();
            }
        }
    }
}
