using System.Text;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// The text of a generated monitor: what happened, what the check protects, who owns it, what to do, how to
/// reproduce it, and the Slack channel Datadog posts to. Datadog fills in the {{...}} template variables.
/// </summary>
internal static class MonitorMessage
{
    public static string Compose(CheckDefinition check, string type, MonitorConfig config, int? noDataMinutes)
    {
        var text = new StringBuilder();
        // Each state's line sits inside its own block, newline included, so the states that do not apply leave no blank lines.
        // {{check_message}} is the message the service check carried: what was observed and what was expected.
        text.Append("{{#is_alert}}CRITICAL: {{check_message}}\n{{/is_alert}}");
        text.Append("{{#is_warning}}WARNING: {{check_message}}\n{{/is_warning}}");
        text.Append("{{#is_unknown}}UNKNOWN (the check could not be measured): {{check_message}}\n{{/is_unknown}}");
        text.Append("{{#is_recovery}}Recovered: the check is OK again.\n{{/is_recovery}}");
        if (noDataMinutes is { } minutes)
        {
            text.Append("{{#is_no_data}}No result for ").Append(Duration.Format(TimeSpan.FromMinutes(minutes)))
                .Append(" (twice the longest gap of its schedule): is the monitor service running?\n{{/is_no_data}}");
        }

        text.Append('\n');
        if (!string.IsNullOrWhiteSpace(check.Description))
        {
            text.Append("Protects: ").Append(Inert(check.Description.Trim())).Append('\n');
        }

        text.Append("Check: ").Append(check.Name).Append(" (").Append(type).Append(" on ").Append(check.Source).Append(' ').Append(check.Table).Append(")\n");
        if (Owner(check, config.Defaults) is { } owner)
        {
            text.Append("Owner: ").Append(Inert(owner)).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(check.Runbook))
        {
            text.Append("Runbook: ").Append(Inert(check.Runbook.Trim())).Append('\n');
        }

        if (config.Notifications.Links.CheckUrl(check.Name) is { } report)
        {
            text.Append("Report: ").Append(report).Append('\n');
        }

        text.Append("Reproduce: `").Append(config.Command.Line($"run --check {check.Name}")).Append('`');
        if (SlackMention(check, config) is { } mention)
        {
            text.Append("\n\n").Append(mention);
        }

        return text.ToString();
    }

    /// <summary>
    /// Text from checks.json as Datadog shows it and does nothing with: a zero-width space after each `@` (so no
    /// `@team`, `@pagerduty-x` or `@slack-…` in a description, owner or runbook notifies anyone: the only mention is
    /// the channel's, below) and between two braces (so no `{{#is_alert}}` or `{{value}}` is a template variable).
    /// </summary>
    public static string Inert(string text) =>
        text.Replace("@", "@\u200b", StringComparison.Ordinal).Replace("{{", "{\u200b{", StringComparison.Ordinal)
            .Replace("}}", "}\u200b}", StringComparison.Ordinal);

    /// <summary>The check's owner, else the default owner; null when neither names one.</summary>
    public static string? Owner(CheckDefinition check, DefaultsDefinition defaults) =>
        defaults.OwnerOf(check);

    /// <summary>
    /// Datadog's Slack integration posts to @slack-&lt;account&gt;-&lt;channel&gt;
    /// (https://docs.datadoghq.com/integrations/slack/), for channels whose notifications.slack.delivery is "datadog" or
    /// "both": a "webhook" channel hears from the monitor's own messages only, so an incident is announced once.
    /// </summary>
    public static string? SlackMention(CheckDefinition check, MonitorConfig config)
    {
        var channel = config.SlackChannelOf(check);
        return channel is not null && config.Notifications.Slack.DeliveryOf(channel) != SlackDelivery.Webhook
            ? Mention(config, channel)
            : null;
    }

    /// <summary>@slack-&lt;account&gt;-&lt;channel&gt;, or null without an account or a channel.</summary>
    public static string? Mention(MonitorConfig config, string? channel)
    {
        var account = config.Notifications.Datadog.SlackAccount?.Trim();
        var name = channel?.Trim().TrimStart('#');
        return string.IsNullOrEmpty(account) || string.IsNullOrEmpty(name) ? null : $"@slack-{account}-{name}";
    }
}
