using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.State;

namespace CustomerData.Tests.Alerting;

/// <summary>The store under test through both of its interfaces, so one harness drives the SQLite and the PostgreSQL store.</summary>
internal sealed class HarnessStore(IAlertStore alerts, IOutbox outbox) : IAlertStore, IOutbox
{
    public static HarnessStore Of<TStore>(TStore store)
        where TStore : IAlertStore, IOutbox => new(store, store);

    public Task<IReadOnlyDictionary<string, AlertState>> LoadStatesAsync(CancellationToken cancellationToken) => alerts.LoadStatesAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, Mute>> LoadMutesAsync(CancellationToken cancellationToken) => alerts.LoadMutesAsync(cancellationToken);

    public Task SaveAsync(IReadOnlyList<AlertState> states, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) =>
        alerts.SaveAsync(states, messages, cancellationToken);

    public Task MuteAsync(Mute mute, CancellationToken cancellationToken) => alerts.MuteAsync(mute, cancellationToken);

    public Task<bool> UnmuteAsync(string check, CancellationToken cancellationToken) => alerts.UnmuteAsync(check, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken) => outbox.PendingAsync(cancellationToken);

    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) => outbox.MarkSentAsync(id, at, cancellationToken);

    public Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        outbox.MarkRetryAsync(id, attempts, nextAttemptAt, reason, cancellationToken);

    public Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        outbox.MarkDroppedAsync(id, at, reason, cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken) => outbox.ReleaseAsync(channels, cancellationToken);
}
