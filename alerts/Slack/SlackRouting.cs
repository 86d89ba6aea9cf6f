using CustomerData.Alerts.Alerting;
using CustomerData.Alerts.Outbox;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// Picks how each channel's messages leave: the incoming webhook whose URL is in the environment variable
/// checks.json names for the channel, or the console when its webhook is the literal "console" (or no channel is
/// named at all). A channel this process cannot send to (no webhook named, its variable unset or not a URL) gets a
/// <see cref="BlockedSender"/>: its messages wait in the outbox until a process that can send them runs.
/// </summary>
public sealed class SlackRouting(MonitorConfig config, Func<string, string?> environment, HttpClient http, TextWriter console, TimeProvider? time = null)
{
    /// <summary>The webhooks value that prints a channel's messages to the console on purpose.</summary>
    public const string ConsoleWebhook = SlackDefinition.Console;

    private readonly Dictionary<string, INotificationSender> _senders = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public MonitorConfig Config => config;

    public INotificationSender SenderFor(string channel)
    {
        lock (_gate)
        {
            if (!_senders.TryGetValue(channel, out var sender))
            {
                sender = Resolve(channel);
                _senders[channel] = sender;
            }

            return sender;
        }
    }

    private INotificationSender Resolve(string channel)
    {
        if (channel == NotificationPlanner.ConsoleChannel)
        {
            return new ConsoleSender(console, "no Slack channel is named for this check");
        }

        // Datadog's monitors announce this channel's incidents: the state machine still ran, the webhook stays quiet.
        if (config.Notifications.Slack.DeliveryOf(channel) == SlackDelivery.Datadog)
        {
            return DeliveredByDatadog.Instance;
        }

        if (!config.Notifications.Slack.Webhooks.TryGetValue(channel, out var variable))
        {
            return new BlockedSender(
                $"no webhook is named for {channel} under notifications.slack.webhooks",
                $"add \"{channel}\": \"<VARIABLE>\" there (or \"{ConsoleWebhook}\" to print its messages)");
        }

        if (variable == ConsoleWebhook)
        {
            return new ConsoleSender(console);
        }

        // The URL is a secret: say which variable is wrong, never what it holds.
        if (environment(variable) is not { Length: > 0 } url)
        {
            return new BlockedSender($"{variable} is not set", $"set {variable} to the channel's incoming-webhook URL to send them");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var webhook) || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp))
        {
            return new BlockedSender($"{variable} does not hold an http(s) URL", $"set {variable} to the channel's incoming-webhook URL");
        }

        return new SlackWebhookSender(http, webhook, time);
    }
}
