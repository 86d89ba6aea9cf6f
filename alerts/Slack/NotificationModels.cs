using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Scriban.Runtime;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// The plain data a template sees. Everything that comes from data, errors or checks.json is escaped for Slack
/// here, once, and cut to its share of the message (<see cref="MessageBudget"/>), so no template can forget and a
/// long error never pushes the structure out; mentions come from checks.json and stay live.
/// </summary>
public static class NotificationModels
{
    public static ScriptObject ForCheck(
        NotificationKind kind, CheckResult result, AlertTransition transition, MonitorConfig config, string channel, DateTimeOffset now)
    {
        var zone = TimeZones.Find(config.Defaults.Timezone);
        var since = transition.BrokenFor is { } broken ? now - broken : transition.Next.FailingSince ?? now;
        var owner = config.OwnerOf(result.Check);
        return new ScriptObject
        {
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["status"] = Status(result.Status),
            ["previous_status"] = Status(transition.PreviousStatus),
            ["check"] = CheckObject(result.Check, result.Type, owner),
            ["observed"] = SlackText.Escape(result.Observed, MessageBudget.Field),
            ["expected"] = SlackText.Escape(result.Expected, MessageBudget.Field),
            ["message"] = SlackText.Escape(result.Message, MessageBudget.Message),
            ["since"] = TimeZoneInfo.ConvertTime(since, zone)
                .ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture),
            ["failing_for"] = now - since < TimeSpan.FromSeconds(1) ? "just now" : Duration.Format(now - since),
            ["broken_for"] = Duration.Format(transition.BrokenFor ?? TimeSpan.Zero),
            ["query"] = SlackText.Code(result.Query ?? "(no query)", MessageBudget.Query),
            ["sample"] = SampleText.For(result.Sample),
            ["reproduce"] = Reproduce(result.Check.Name, config),
            ["mention"] = Mention(owner, config),
            ["channel"] = channel,
            ["report_link"] = ReportLink(result.Check.Name, config),
        };
    }

    /// <summary>"&lt;report_url/checks/name|Open in the report&gt;" when notifications.links.report_url is set, else "".</summary>
    public static string ReportLink(string check, MonitorConfig config) =>
        config.Notifications.Links.CheckUrl(check) is { } url ? SlackText.Link(url, "Open in the report") : string.Empty;

    /// <summary>The check's name, bold, linked to its report page when notifications.links.report_url is set.</summary>
    public static string LinkedName(string check, MonitorConfig config) =>
        "*" + SlackText.Link(config.Notifications.Links.CheckUrl(check), check, MessageBudget.Name) + "*";

    /// <summary>The command that runs one check by hand, with the configured command name (default cdm).</summary>
    public static string Reproduce(string check, MonitorConfig config) => config.Command.Line($"run --check {check}");

    /// <summary>The owner's Slack mention from notifications.slack.mentions (live on purpose), or "".</summary>
    public static string Mention(string? owner, MonitorConfig config) =>
        owner is not null && config.Notifications.Slack.Mentions.TryGetValue(owner, out var mention) ? mention : string.Empty;

    /// <summary>Which rows the check measures: its filter and window, or the whole table.</summary>
    public static string Scope(CheckDefinition check)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(check.Filter))
        {
            parts.Add("rows where " + SlackText.Escape(check.Filter.Trim(), MessageBudget.Field));
        }

        if (check is WindowedCheckDefinition { Window: { } window, TimeColumn: { } column })
        {
            parts.Add($"{window} window on {SlackText.Escape(column, MessageBudget.Name)}");
        }

        return parts.Count > 0 ? string.Join(", ", parts) : check is SqlCheckDefinition ? "the row its query returns" : "the whole table";
    }

    public static string Status(CheckStatus status) => status.ToString().ToUpperInvariant();

    private static ScriptObject CheckObject(CheckDefinition check, string type, string? owner) => new()
    {
        ["name"] = SlackText.Escape(check.Name, MessageBudget.Name),
        ["type"] = type,
        ["source"] = SlackText.Escape(check.Source, MessageBudget.Name),
        ["table"] = SlackText.Escape(check.Table, MessageBudget.Name),
        ["description"] = SlackText.Escape(check.Description, MessageBudget.Field),
        ["owner"] = SlackText.Escape(owner ?? "nobody (set \"owner\")", MessageBudget.Name),
        ["runbook"] = SlackText.Escape(check.Runbook, MessageBudget.Field),
        ["tags"] = SlackText.Escape(string.Join(", ", check.Tags), MessageBudget.Name),
        ["filter"] = SlackText.Escape(check.Filter, MessageBudget.Field),
        ["scope"] = Scope(check),
    };
}
