using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Where a check's alerts go, and how they look.</summary>
public sealed record NotifyDefinition
{
    [Description("The Slack channel alerts go to, such as \"#customer-data-alerts\"; its webhook is named under notifications.slack.webhooks.")]
    public string? Slack { get; init; }

    [Description("Scriban templates replacing the built-in ones for this check, as paths relative to checks.json.")]
    public TemplatesDefinition? Templates { get; init; }
}

/// <summary>Paths of Scriban templates for Slack messages; each replaces the built-in one it names.</summary>
public sealed record TemplatesDefinition
{
    [Description("Template of the message sent when the check starts failing or gets worse.")]
    public string? Failure { get; init; }

    [Description("Template of the reminder sent every renotify_after while the check keeps failing.")]
    public string? Reminder { get; init; }

    [Description("Template of the message sent when the check recovers.")]
    public string? Recovery { get; init; }
}
