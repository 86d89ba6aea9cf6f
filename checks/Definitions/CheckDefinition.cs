using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>What every check has, whatever its kind; the kind comes from the "type" field.</summary>
public abstract record CheckDefinition
{
    [Description("Unique lowercase snake_case name, used in metrics, alerts and the CLI.")]
    public required string Name { get; init; }

    // Source and table are required in checks.json for every kind that exposes them (ConfigJson marks them); a kind
    // reading several tables (a reconciliation) names them elsewhere and derives these from its first side.
    [Description("The name of a source under \"sources\".")]
    public virtual string Source { get; init; } = string.Empty;

    [Description("The table, as dotted identifiers (\"sales.orders\"); for DynamoDB the table name.")]
    public virtual string Table { get; init; } = string.Empty;

    [Description("What this check protects, in a sentence.")]
    public string? Description { get; init; }

    [Description("The team that owns the data; defaults to defaults.owner.")]
    public string? Owner { get; init; }

    [Description("Tags such as \"domain:sales\", added to metrics and used by run --tag.")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [Description("Quartz cron expression overriding defaults.schedule.")]
    public string? Schedule { get; init; }

    [Description("A predicate in the source's SQL dialect restricting the rows checked, such as \"country = 'FR'\".")]
    public string? Filter { get; init; }

    [Description("A link to what on-call should do when this check fails.")]
    public string? Runbook { get; init; }

    [Description("Whether the check runs. Default: true.")]
    public bool Enabled { get; init; } = true;

    [Description("How long the check may take before it is UNKNOWN; overrides defaults.timeout.")]
    [MaximumDuration("24h")]
    public Duration? Timeout { get; init; }

    [Description("Where this check's alerts go; overrides defaults.notify.")]
    public NotifyDefinition? Notify { get; init; }

    [Description("How often a still-failing check reminds on-call; overrides defaults.renotify_after.")]
    public Duration? RenotifyAfter { get; init; }

    [Description("Consecutive failures before the first alert; overrides defaults.alert_after.")]
    public int? AlertAfter { get; init; }

    [Description("BigQuery: the most bytes a query serving this check may bill, such as \"50GB\"; overrides the source's maximum_bytes_billed.")]
    public string? MaximumBytesBilled { get; init; }

    [Description("Silence alerts until this instant (ISO 8601, such as \"2026-12-01T09:00:00Z\"); the check is still measured and sent to Datadog.")]
    public DateTimeOffset? MutedUntil { get; init; }

    [Description("DynamoDB only, required there for a time attribute: how it is stored, \"iso8601\" (UTC text such as \"2026-11-26T09:00:00.000Z\"), \"epoch_seconds\" or \"epoch_millis\" (numbers).")]
    public TimeFormat? TimeFormat { get; init; }
}

/// <summary>A check that may restrict itself to a window of time on a timestamp column.</summary>
public abstract record WindowedCheckDefinition : CheckDefinition
{
    [Description("The timestamp column the window applies to; required with \"window\".")]
    public string? TimeColumn { get; init; }

    [Description("How much time to measure, such as \"1d\" or \"1h\"; without it the whole table is measured.")]
    public Duration? Window { get; init; }

    [Description("\"trailing\" (the window ending now) or \"complete\" (the last complete bucket in the time zone); overrides defaults.window_alignment.")]
    public WindowAlignment? WindowAlignment { get; init; }
}
