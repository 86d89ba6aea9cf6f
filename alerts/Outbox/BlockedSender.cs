namespace CustomerData.Alerts.Outbox;

/// <summary>A channel this process cannot send to, and why (never a secret): its messages wait in the outbox.</summary>
/// <param name="reason">Such as "SLACK_WEBHOOK_X is not set".</param>
/// <param name="remedy">What an operator does about it, such as "set SLACK_WEBHOOK_X to the channel's webhook URL".</param>
public sealed class BlockedSender(string reason, string remedy) : INotificationSender
{
    public string Reason => reason;

    public string Remedy => remedy;

    public Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(new DeliveryOutcome(DeliveryResult.Blocked, reason));
}
