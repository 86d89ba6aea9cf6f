using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.State;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Postgres;

/// <summary>Two replicas on one database: each pending message goes to one process at a time, a channel to one process.</summary>
[TestClass]
public sealed class PostgresOutboxClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(PostgresAlertStore A, PostgresAlertStore B, FakeTimeProvider Time)> TwoNodesAsync(PostgresDatabase db)
    {
        var time = new FakeTimeProvider(T0);
        var a = await PostgresAlertStore.OpenAsync(db.NewDataSource(), new OutboxClaimOptions("node-a", Lease), time, CancellationToken.None);
        var b = await PostgresAlertStore.OpenAsync(db.NewDataSource(), new OutboxClaimOptions("node-b", Lease), time, CancellationToken.None);
        return (a, b, time);
    }

    private static Task EnqueueAsync(PostgresAlertStore store, params string[] channels) =>
        store.SaveAsync([], [.. channels.Select(c => PostgresAlertStoreTests.Message(c, T0))], CancellationToken.None);

    [TestMethod]
    public async Task ConcurrentClaims_GiveEachMessageToExactlyOneNode_AndEachChannelWholeAndInOrder()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, _) = await TwoNodesAsync(db);
        var channels = Enumerable.Range(1, 12).Select(i => $"#channel-{i}").ToArray();
        await EnqueueAsync(a, [.. channels, .. channels, .. channels]);

        var claims = await Task.WhenAll(a.PendingAsync(CancellationToken.None), b.PendingAsync(CancellationToken.None));

        var all = claims[0].Concat(claims[1]).Select(m => m.Id).ToList();
        Assert.HasCount(36, all);
        Assert.HasCount(36, all.Distinct());
        foreach (var claim in claims)
        {
            CollectionAssert.AreEqual(claim.Select(m => m.Id).Order().ToArray(), claim.Select(m => m.Id).ToArray(), "oldest first");
            Assert.IsTrue(claim.GroupBy(m => m.Channel).All(g => g.Count() == 3), "a channel is claimed whole");
        }

        Assert.IsEmpty(claims[0].Select(m => m.Channel).Intersect(claims[1].Select(m => m.Channel)));
    }

    [TestMethod]
    public async Task ClaimedChannel_StaysWithItsNode_IncludingMessagesAddedLater()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, time) = await TwoNodesAsync(db);
        await EnqueueAsync(a, "#alerts", "#alerts");

        Assert.HasCount(2, await a.PendingAsync(CancellationToken.None));
        await EnqueueAsync(b, "#alerts", "#other");
        time.Advance(TimeSpan.FromSeconds(30));

        CollectionAssert.AreEqual(new[] { "#other" }, (await b.PendingAsync(CancellationToken.None)).Select(m => m.Channel).ToArray());
        CollectionAssert.AreEqual(new[] { "#alerts", "#alerts", "#alerts" }, (await a.PendingAsync(CancellationToken.None)).Select(m => m.Channel).ToArray());
    }

    [TestMethod]
    public async Task ExpiredClaim_IsTakenOver_ByTheOtherNode()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, time) = await TwoNodesAsync(db);
        await EnqueueAsync(a, "#alerts", "#alerts");
        var claimed = await a.PendingAsync(CancellationToken.None);

        // Node a dies without marking anything; within the lease nobody else may deliver.
        time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.IsEmpty(await b.PendingAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(2));

        var takenOver = await b.PendingAsync(CancellationToken.None);
        CollectionAssert.AreEqual(claimed.Select(m => m.Id).ToArray(), takenOver.Select(m => m.Id).ToArray());
        Assert.IsEmpty(await a.PendingAsync(CancellationToken.None), "node a is back, but b holds the channel now");
    }

    [TestMethod]
    public async Task MarkingSent_RemovesTheMessage_ForEveryNode()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, time) = await TwoNodesAsync(db);
        await EnqueueAsync(a, "#alerts", "#alerts");
        var claimed = await a.PendingAsync(CancellationToken.None);

        await a.MarkSentAsync(claimed[0].Id, time.GetUtcNow(), CancellationToken.None);
        await a.MarkSentAsync(claimed[1].Id, time.GetUtcNow(), CancellationToken.None);
        time.Advance(Lease * 2);

        Assert.IsEmpty(await b.PendingAsync(CancellationToken.None));
        Assert.IsEmpty(await a.PendingAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task MessageWaitingForRetry_IsReturnedWithTheLaterOnes_SoTheChannelKeepsItsOrder()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, time) = await TwoNodesAsync(db);
        await EnqueueAsync(a, "#alerts", "#alerts");
        var first = (await a.PendingAsync(CancellationToken.None))[0];

        await a.MarkRetryAsync(first.Id, 1, time.GetUtcNow().AddMinutes(5), "HTTP 429", CancellationToken.None);
        var pending = await a.PendingAsync(CancellationToken.None);

        Assert.AreEqual(first.Id, pending[0].Id);
        Assert.AreEqual(time.GetUtcNow().AddMinutes(5), pending[0].NextAttemptAt);
        Assert.HasCount(2, pending);
        Assert.IsEmpty(await b.PendingAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task DeliveryProgress_RenewsTheLease_OfTheNodesOtherClaims()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, time) = await TwoNodesAsync(db);
        await EnqueueAsync(a, "#alerts", "#alerts", "#alerts");
        var claimed = await a.PendingAsync(CancellationToken.None);

        // A slow pass: 40 s in, the first message goes out; that renews the claim on the other two.
        time.Advance(TimeSpan.FromSeconds(40));
        await a.MarkSentAsync(claimed[0].Id, time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));

        Assert.IsEmpty(await b.PendingAsync(CancellationToken.None), "80 s after the claim, the renewed lease still holds");
        time.Advance(Lease);
        Assert.HasCount(2, await b.PendingAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task TwoDispatchers_DeliverEachMessageOnce()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresOutboxClaimTests));
        var (a, b, _) = await TwoNodesAsync(db);
        var channels = Enumerable.Range(1, 6).Select(i => $"#channel-{i}").ToArray();
        await EnqueueAsync(a, [.. channels, .. channels]);
        var sender = new RecordingSender();

        var clock = new ShiftedTimeProvider(T0);
        await Task.WhenAll(
            new OutboxDispatcher(a, _ => sender, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance).DeliverAsync(TimeSpan.Zero, CancellationToken.None),
            new OutboxDispatcher(b, _ => sender, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance).DeliverAsync(TimeSpan.Zero, CancellationToken.None));

        Assert.HasCount(12, sender.Sent);
        Assert.HasCount(12, sender.Sent.Select(m => m.Id).Distinct());
        foreach (var channel in sender.Sent.GroupBy(m => m.Channel))
        {
            CollectionAssert.AreEqual(channel.Select(m => m.Id).Order().ToArray(), channel.Select(m => m.Id).ToArray(), $"{channel.Key} in order");
        }
    }

    private sealed class RecordingSender : INotificationSender
    {
        private readonly Lock _gate = new();
        private readonly List<OutboxMessage> _sent = [];

        public IReadOnlyList<OutboxMessage> Sent
        {
            get
            {
                lock (_gate)
                {
                    return [.. _sent];
                }
            }
        }

        public async Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (_gate)
            {
                _sent.Add(message);
            }

            return DeliveryOutcome.Sent;
        }
    }
}
