using CustomerData.Alerts.Outbox;

namespace CustomerData.Alerts.State;

/// <summary>Where alert state, mutes and the outbox live; a decision and its messages are saved together or not at all.</summary>
public interface IAlertStore
{
    Task<IReadOnlyDictionary<string, AlertState>> LoadStatesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, Mute>> LoadMutesAsync(CancellationToken cancellationToken);

    /// <summary>Saves the new states and enqueues the messages in one transaction.</summary>
    Task SaveAsync(IReadOnlyList<AlertState> states, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    Task MuteAsync(Mute mute, CancellationToken cancellationToken);

    /// <summary>Returns whether the check was muted.</summary>
    Task<bool> UnmuteAsync(string check, CancellationToken cancellationToken);
}
