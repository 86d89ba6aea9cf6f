using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Where a check's alerts go.</summary>
public sealed record NotifyDefinition
{
    [Description("The Slack channel alerts go to, such as \"#customer-data-alerts\".")]
    public string? Slack { get; init; }
}
