namespace CustomerData.Alerts.Outbox;

/// <summary>Messages waiting in the outbox because this process cannot send to their channel.</summary>
/// <param name="Channel">The Slack channel.</param>
/// <param name="Waiting">How many messages of the channel wait.</param>
/// <param name="Reason">Why, such as "SLACK_WEBHOOK_X is not set" (never a secret).</param>
/// <param name="Remedy">What to do, such as "set SLACK_WEBHOOK_X to the channel's webhook URL".</param>
public sealed record BlockedChannel(string Channel, int Waiting, string Reason, string Remedy)
{
    /// <summary>One line for a readiness answer or a log: "2 messages wait for #x: SLACK_WEBHOOK_X is not set".</summary>
    public override string ToString() => $"{Waiting} message{(Waiting == 1 ? string.Empty : "s")} wait{(Waiting == 1 ? "s" : string.Empty)} for {Channel}: {Reason}";
}
