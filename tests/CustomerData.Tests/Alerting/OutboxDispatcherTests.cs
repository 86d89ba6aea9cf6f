using CustomerData.Alerts.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerData.Tests.Alerting;

[TestClass]
public sealed class OutboxDispatcherTests
{
    /// <summary>An outbox in memory that counts how often it is read.</summary>
    private sealed class MemoryOutbox(params OutboxMessage[] messages) : IOutbox
    {
        private readonly List<OutboxMessage> _pending = [.. messages];

        public int Reads { get; private set; }

        public Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<OutboxMessage>>([.. _pending]);
        }

        public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) => Remove(id);

        public Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken) => Remove(id);

        public Task ReleaseAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
        {
            var index = _pending.FindIndex(m => m.Id == id);
            _pending[index] = _pending[index] with { Attempts = attempts, NextAttemptAt = nextAttemptAt };
            return Task.CompletedTask;
        }

        private Task Remove(long id)
        {
            _pending.RemoveAll(m => m.Id == id);
            return Task.CompletedTask;
        }
    }

    private sealed class CountingSender : INotificationSender
    {
        public List<long> Sent { get; } = [];

        public Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message.Id);
            return Task.FromResult(DeliveryOutcome.Sent);
        }
    }

    [TestMethod]
    public async Task ChannelWaitingForARetry_HoldsItsLaterMessages_WithoutSpinning_WhileOtherChannelsDeliver()
    {
        var now = TimeProvider.System.GetUtcNow();
        var outbox = new MemoryOutbox(
            new OutboxMessage(1, "#a", "x", "failure", "{}", now, Attempts: 1, NextAttemptAt: now.AddMinutes(10)),
            new OutboxMessage(2, "#a", "y", "failure", "{}", now),
            new OutboxMessage(3, "#b", "z", "failure", "{}", now));
        var sender = new CountingSender();

        var left = await new OutboxDispatcher(outbox, _ => sender, TimeProvider.System, NullLogger<OutboxDispatcher>.Instance).DeliverAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.AreEqual(2, left);
        CollectionAssert.AreEqual(new long[] { 3 }, sender.Sent, "#b delivers; #a's second message waits behind its first");
        Assert.AreEqual(2, outbox.Reads, "one pass and one look at what is left: no busy loop while #a waits ten minutes");
    }
}
