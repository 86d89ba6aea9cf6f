using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>The whole of checks.json: defaults, sources and checks.</summary>
public sealed record MonitorConfig
{
    [JsonPropertyName("$schema")]
    [Description("The JSON Schema editors use to complete and check this file.")]
    public string? Schema { get; init; }

    [Description("Values every check takes unless it sets its own.")]
    public DefaultsDefinition Defaults { get; init; } = new();

    [Description("How alerts reach people: Slack webhooks (named by environment variable), mentions, digests, Datadog.")]
    public NotificationsDefinition Notifications { get; init; } = new();

    [Description("How `serve` schedules checks (memory, or a cluster on PostgreSQL).")]
    public SchedulerDefinition Scheduler { get; init; } = new();

    [Description("Where results, alert state and the outbox are kept (SQLite, or PostgreSQL for several replicas).")]
    public StoreDefinition Store { get; init; } = new();

    [Description("Named data sources, each with a \"type\" and its options.")]
    public required IReadOnlyDictionary<string, SourceDefinition> Sources { get; init; }

    [Description("The checks to run.")]
    public required IReadOnlyList<CheckDefinition> Checks { get; init; }

    /// <summary>How messages write a command for this file (set by the CLI from the path and CUSTOMERDATA_COMMAND).</summary>
    [JsonIgnore]
    public CommandHint Command { get; init; } = CommandHint.Default;
}
