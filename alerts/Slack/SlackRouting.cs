using CustomerData.Alerts.Outbox;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// Picks how each channel's messages leave: the incoming webhook whose URL is in the environment variable
/// checks.json names for the channel, or the console when there is none.
/// </summary>
public sealed class SlackRouting(MonitorConfig config, Func<string, string?> environment, HttpClient http, TextWriter console)
{
    private readonly ConsoleSender _console = new(console);
    private readonly Dictionary<string, INotificationSender> _senders = new(StringComparer.Ordinal);

    /// <summary>Why a channel prints to the console (no webhook named, or its variable unset), for the CLI to say once.</summary>
    public List<string> Notes { get; } = [];

    public INotificationSender SenderFor(string channel)
    {
        if (!_senders.TryGetValue(channel, out var sender))
        {
            sender = Resolve(channel);
            _senders[channel] = sender;
        }

        return sender;
    }

    private INotificationSender Resolve(string channel)
    {
        // Datadog's monitors announce this channel's incidents: the state machine still ran, the webhook stays quiet.
        if (config.Notifications.Slack.DeliveryOf(channel) == SlackDelivery.Datadog)
        {
            Notes.Add($"{channel} is notified by the exported Datadog monitors (notifications.slack.delivery): no webhook post");
            return DeliveredByDatadog.Instance;
        }

        if (!config.Notifications.Slack.Webhooks.TryGetValue(channel, out var variable))
        {
            Notes.Add($"no webhook is named for {channel} under notifications.slack.webhooks: its messages print here");
            return _console;
        }

        // The URL is a secret: say which variable is wrong, never what it holds.
        if (environment(variable) is not { Length: > 0 } url)
        {
            Notes.Add($"{variable} is not set: messages for {channel} print here");
            return _console;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var webhook) || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp))
        {
            Notes.Add($"{variable} does not hold an http(s) URL: messages for {channel} print here");
            return _console;
        }

        return new SlackWebhookSender(http, webhook);
    }
}
