using CustomerData.Alerts.State;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Scriban.Runtime;

namespace CustomerData.Alerts.Slack;

/// <summary>One entry of a digest.</summary>
public sealed record DigestItem(CheckResult Result, NotificationKind Kind);

/// <summary>
/// The plain data a template sees. Everything that comes from data or errors is escaped for Slack here,
/// once, so no template can forget; mentions come from checks.json and stay live.
/// </summary>
public static class NotificationModels
{
    public const int DigestItems = 20;

    public static ScriptObject ForCheck(NotificationKind kind, CheckResult result, AlertTransition transition, MonitorConfig config, string channel, DateTimeOffset now)
    {
        var zone = TimeZones.Find(config.Defaults.Timezone);
        var since = transition.BrokenFor is { } broken ? now - broken : transition.Next.FailingSince ?? now;
        var owner = result.Check.Owner ?? config.Defaults.Owner;
        return new ScriptObject
        {
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["status"] = Status(result.Status),
            ["previous_status"] = Status(transition.PreviousStatus),
            ["check"] = CheckObject(result.Check, owner),
            ["observed"] = SlackText.Escape(result.Observed),
            ["expected"] = SlackText.Escape(result.Expected),
            ["message"] = SlackText.Escape(result.Message),
            ["since"] = TimeZoneInfo.ConvertTime(since, zone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture),
            ["failing_for"] = now - since < TimeSpan.FromSeconds(1) ? "just now" : Duration.Format(now - since),
            ["broken_for"] = Duration.Format(transition.BrokenFor ?? TimeSpan.Zero),
            ["query"] = SlackText.Escape(result.Query ?? "(no query)"),
            ["reproduce"] = $"dotnet run --project monitors -- run --check {result.Check.Name}",
            ["mention"] = Mention(owner, config),
            ["channel"] = channel,
        };
    }

    public static ScriptObject ForDigest(IReadOnlyList<DigestItem> items, MonitorConfig config, string channel)
    {
        var list = new ScriptArray();
        foreach (var item in items.Take(DigestItems))
        {
            list.Add(new ScriptObject
            {
                ["check"] = item.Result.Check.Name,
                ["status"] = Status(item.Result.Status),
                ["kind"] = item.Kind.ToString().ToLowerInvariant(),
                ["observed"] = SlackText.Escape(item.Result.Observed),
                ["expected"] = SlackText.Escape(item.Result.Expected),
            });
        }

        var mentions = items.Select(i => Mention(i.Result.Check.Owner ?? config.Defaults.Owner, config)).Where(m => m.Length > 0).Distinct();
        return new ScriptObject
        {
            ["count"] = items.Count,
            ["failing"] = items.Count(i => i.Kind != NotificationKind.Recovery),
            ["recovered"] = items.Count(i => i.Kind == NotificationKind.Recovery),
            ["items"] = list,
            ["more"] = Math.Max(0, items.Count - DigestItems),
            ["mentions"] = string.Join(' ', mentions),
            ["channel"] = channel,
        };
    }

    private static ScriptObject CheckObject(CheckDefinition check, string? owner) => new()
    {
        ["name"] = check.Name,
        ["type"] = Catalog.Default.CheckKindOf(check).TypeName,
        ["source"] = check.Source,
        ["table"] = check.Table,
        ["description"] = SlackText.Escape(check.Description),
        ["owner"] = SlackText.Escape(owner ?? "nobody (set \"owner\")"),
        ["runbook"] = SlackText.Escape(check.Runbook),
        ["tags"] = SlackText.Escape(string.Join(", ", check.Tags)),
    };

    private static string Mention(string? owner, MonitorConfig config) =>
        owner is not null && config.Notifications.Slack.Mentions.TryGetValue(owner, out var mention) ? mention : string.Empty;

    private static string Status(CheckStatus status) => status.ToString().ToUpperInvariant();
}
