using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Scriban.Runtime;

namespace CustomerData.Alerts.Slack;

/// <summary>Hostile sample data templates are trial-rendered with when the configuration loads.</summary>
internal static class SampleModels
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // With a report_url, so the trial rendering takes the templates' link branches too.
    private static readonly MonitorConfig Config = new()
    {
        Sources = new Dictionary<string, SourceDefinition>(),
        Checks = [],
        Notifications = new() { Links = new() { ReportUrl = "https://example.invalid/report" } },
    };

    private static CheckResult Result => new(
        new FreshnessCheckDefinition { Name = "sample_check", Source = "sample", Table = "sample.table", Column = "updated_at", Runbook = "https://example.invalid/<!channel>" },
        CheckStatus.Critical,
        42,
        "| <!channel> \"quoted\"\nnew line",
        "error: " + new string('x', 10_000) + " <!here> ```",
        "critical after 6h",
        TimeSpan.FromSeconds(1),
        "SELECT 1 -- \"quote\" <b>",
        Now)
    {
        Type = "freshness",
        Sample = new RowSample(["order_id", "email"], ["email"], [["<!channel> ``` | \n", null], [new string('y', 300), null]], "SELECT 1"),
    };

    public static ScriptObject Check(string kind)
    {
        var notification = kind switch
        {
            SlackTemplates.Reminder => NotificationKind.Reminder,
            SlackTemplates.Recovery => NotificationKind.Recovery,
            _ => NotificationKind.Failure,
        };
        var transition = new AlertTransition(AlertState.Initial("sample_check") with { Status = CheckStatus.Critical, FailingSince = Now.AddHours(-3) }, CheckStatus.Warning, notification, notification == NotificationKind.Recovery ? TimeSpan.FromHours(3) : null);
        return NotificationModels.ForCheck(notification, Result, transition, Config, "#sample", Now);
    }

    public static IReadOnlyList<ScriptObject> Digest() =>
        DigestModels.Pages([.. Enumerable.Range(0, 30).Select(i => new DigestItem(Result with { Status = (CheckStatus)(i % 4) }, i % 4 == 0 ? NotificationKind.Recovery : NotificationKind.Failure))], Config, "#sample");
}
