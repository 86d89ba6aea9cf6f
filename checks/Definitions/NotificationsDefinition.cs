using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>How alerts reach people: Slack webhooks and Datadog settings. Secrets stay in the environment.</summary>
public sealed record NotificationsDefinition
{
    [Description("Slack incoming webhooks, mentions and digests.")]
    public SlackDefinition Slack { get; init; } = new();

    [Description("Settings of the Datadog monitors generated from this file.")]
    public DatadogDefinition Datadog { get; init; } = new();

    [Description("Where people can look: report_url, the status page messages link each check to.")]
    public LinksDefinition Links { get; init; } = new();
}

/// <summary>Slack delivery: which environment variable holds each channel's webhook, who to mention, when to digest.</summary>
public sealed record SlackDefinition
{
    public const int DefaultDigestAfter = 5;

    /// <summary>The webhook entry that prints a channel's messages to the console on purpose.</summary>
    public const string Console = "console";

    [Description("Channel to the NAME of the environment variable holding its incoming-webhook URL, such as { \"#customer-data-alerts\": \"SLACK_WEBHOOK_CUSTOMER_DATA\" }, or \"console\" to print its messages instead. Every channel a check notifies needs an entry.")]
    public IReadOnlyDictionary<string, string> Webhooks { get; init; } = new Dictionary<string, string>();

    [Description("Owner to the Slack mention added to its alerts, such as { \"order-data\": \"<!subteam^S0123ABC>\" }.")]
    public IReadOnlyDictionary<string, string> Mentions { get; init; } = new Dictionary<string, string>();

    [Description("When more than this many checks of one channel need a message in the same run, the channel gets one digest instead. Default: 5.")]
    public int DigestAfter { get; init; } = DefaultDigestAfter;

    [Description("Channel to who announces its incidents: \"webhook\" (default: the monitor posts through the channel's webhook), \"datadog\" (only the exported Datadog monitors post, with @slack-<account>-<channel>; the webhook posts nothing) or \"both\" (both, on purpose).")]
    public IReadOnlyDictionary<string, SlackDelivery> Delivery { get; init; } = new Dictionary<string, SlackDelivery>();

    /// <summary>How a channel's incidents reach it: "webhook" unless <see cref="Delivery"/> says otherwise.</summary>
    public SlackDelivery DeliveryOf(string channel) =>
        Delivery.TryGetValue(channel, out var delivery) ? delivery : SlackDelivery.Webhook;
}

/// <summary>Who posts a channel's incidents to Slack, so each is announced once (or twice only on purpose).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SlackDelivery>))]
public enum SlackDelivery
{
    /// <summary>The monitor's own messages, through the channel's incoming webhook; exported monitors do not mention the channel.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("webhook")]
    Webhook,

    /// <summary>Datadog's Slack integration, from the exported monitors; the monitor's webhook path posts nothing.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("datadog")]
    Datadog,

    /// <summary>Both paths: every incident is announced twice, on purpose.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("both")]
    Both,
}

/// <summary>Datadog settings for generated monitors.</summary>
public sealed record DatadogDefinition
{
    [Description("The Slack account name Datadog knows, for @slack-<account>-<channel> mentions in monitor messages.")]
    public string? SlackAccount { get; init; }

    [Description("Tags added to every generated monitor, such as \"team:customer-data\".")]
    public IReadOnlyList<string> Tags { get; init; } = [];
}
