using CustomerData.Alerts.Outbox;

namespace CustomerData.Monitors.Composition;

/// <summary>What a delivery pass left in the outbox, and why, in words an operator can act on.</summary>
/// <param name="Pending">Messages still waiting.</param>
/// <param name="Blocked">Channels this process cannot send to, with their waiting messages.</param>
/// <param name="Store">Where they wait (data/state.db, or PostgreSQL host:port/database).</param>
internal sealed record DeliveryReport(int Pending, IReadOnlyList<BlockedChannel> Blocked, string Store)
{
    /// <summary>Messages waiting for a retry (backoff, rate limit) rather than for a webhook.</summary>
    public int Retrying => Pending - Blocked.Sum(b => b.Waiting);

    /// <summary>Such as "4 Slack messages for #x wait in data/state.db: SLACK_WEBHOOK_X is not set; set SLACK_WEBHOOK_X to ...".</summary>
    public string Describe(BlockedChannel channel) =>
        $"{Messages(channel.Waiting)} for {channel.Channel} {Wait(channel.Waiting)} in {Store}: {channel.Reason}; {channel.Remedy}";

    public string DescribeRetrying() =>
        $"{Messages(Retrying)} {Wait(Retrying)} in {Store} for a retry (Slack failed or asked to slow down); the next run, or serve, sends {(Retrying == 1 ? "it" : "them")}";

    private static string Messages(int count) => count == 1 ? "1 Slack message" : $"{count} Slack messages";

    private static string Wait(int count) => count == 1 ? "waits" : "wait";
}
