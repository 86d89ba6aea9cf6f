using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Values every check takes unless it sets its own.</summary>
public sealed record DefaultsDefinition
{
    public const string DefaultSchedule = "0 */15 * * * ?";

    [Description("Quartz cron expression (seconds first) for when checks run. Default: every 15 minutes.")]
    public string Schedule { get; init; } = DefaultSchedule;

    [Description("IANA time zone for schedules and complete windows, such as \"Europe/Paris\". Default: UTC.")]
    public string Timezone { get; init; } = "UTC";

    [Description("The team that owns checks that name no owner.")]
    public string? Owner { get; init; }

    [Description("Where alerts go unless a check says otherwise.")]
    public NotifyDefinition? Notify { get; init; }

    [Description("How often a still-failing check reminds on-call, such as \"4h\".")]
    public Duration? RenotifyAfter { get; init; }

    [Description("Consecutive failures before the first alert (a flap guard). Default: 1.")]
    public int AlertAfter { get; init; } = 1;

    [Description("How long a check may take before it is UNKNOWN. Default: 60s.")]
    [MaximumDuration("24h")]
    public Duration Timeout { get; init; } = new(TimeSpan.FromSeconds(60));

    [Description("Which span a windowed check measures: \"trailing\" (ending now) or \"complete\" (the last complete bucket). Default: trailing.")]
    public WindowAlignment WindowAlignment { get; init; } = WindowAlignment.Trailing;

    [Description("Prices plan --monthly applies: BigQuery per TiB billed, DynamoDB per million read units.")]
    public CostDefinition Cost { get; init; } = new();
}
