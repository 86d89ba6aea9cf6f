using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>Does what one source holds arrive in another: the same window compared on two sides.</summary>
public sealed record ReconciliationCheckDefinition : CheckDefinition
{
    [Description("Where the data comes from: { \"source\", \"table\", \"time_column\", \"time_format\" (DynamoDB), \"filter\", \"column\" (for compare \"sum\") }.")]
    public required ReconciliationSide Left { get; init; }

    [Description("Where the data should arrive: the same fields as \"left\".")]
    public required ReconciliationSide Right { get; init; }

    [Description("\"count\" (default): the share of the left's rows missing on the right; \"sum\": the share of the left's sum of \"column\" missing on the right; \"freshness_lag\": how far the right's newest time trails the left's.")]
    public ReconciliationCompare? Compare { get; init; }

    [Description("How much time to compare, such as \"1d\", on each side's time_column; without it the whole tables are compared.")]
    public Duration? Window { get; init; }

    [Description("\"trailing\" (the window ending now) or \"complete\" (the last complete bucket in the time zone); overrides defaults.window_alignment.")]
    public WindowAlignment? WindowAlignment { get; init; }

    [Description("How long a copy may take: the window is shifted back by it, so rows still in flight are not counted as missing.")]
    public Duration? Lag { get; init; }

    [Description("count and sum: WARNING outside these bounds on the missing share (0.001 is 0.1%; negative when the right has more).")]
    public Bounds? Warn { get; init; }

    [Description("count and sum: CRITICAL outside these bounds on the missing share.")]
    public Bounds? Critical { get; init; }

    [Description("freshness_lag: WARNING when the right's newest time trails the left's by more than this, such as \"1h\".")]
    public Duration? WarnAfter { get; init; }

    [Description("freshness_lag: CRITICAL when the right's newest time trails the left's by more than this.")]
    public Duration? CriticalAfter { get; init; }

    [Description("Not accepted on a reconciliation (validate says why): two copies should agree, so its bounds say how much disagreement is tolerable; a learned range would learn a lasting gap as usual.")]
    public System.Text.Json.JsonElement? Anomaly { get; init; }

    [Description("Look for missing keys: a bounded sample of the left's keys in the window, looked up on the right.")]
    public ReconciliationKeys? Keys { get; init; }

    /// <summary>The left side's source: where tags, history and plans file the check.</summary>
    [JsonIgnore]
    public override string Source => Left.Source;

    /// <summary>The left side's table.</summary>
    [JsonIgnore]
    public override string Table => Left.Table;
}

/// <summary>One side of a reconciliation: a table on a source, with its own time column and format.</summary>
public sealed record ReconciliationSide
{
    [Description("The name of a source under \"sources\".")]
    public required string Source { get; init; }

    [Description("The table, as dotted identifiers (\"crm.customer_profiles\"); for DynamoDB the table name.")]
    public required string Table { get; init; }

    [Description("The timestamp column (DynamoDB: attribute) the window applies to; required with \"window\" and for freshness_lag.")]
    public string? TimeColumn { get; init; }

    [Description("DynamoDB only, required there with a time column: \"iso8601\", \"epoch_seconds\" or \"epoch_millis\".")]
    public TimeFormat? TimeFormat { get; init; }

    [Description("A predicate in this side's SQL dialect restricting the rows compared (not on DynamoDB).")]
    public string? Filter { get; init; }

    [Description("compare \"sum\": the numeric column summed on this side.")]
    public string? Column { get; init; }
}

/// <summary>Which keys to sample from the left and look up on the right.</summary>
public sealed record ReconciliationKeys
{
    [Description("The key column (DynamoDB: attribute) on the left.")]
    public required string Left { get; init; }

    [Description("The same key on the right (DynamoDB: the table's partition key).")]
    public required string Right { get; init; }

    [Description("How many keys of the left's window to sample, 1 to 10000. Default: 1000.")]
    public int Sample { get; init; } = 1000;

    [Description("Sample on every run, not only when the check fails. Default: false.")]
    public bool Always { get; init; }
}

/// <summary>What a reconciliation compares between its two sides.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReconciliationCompare>))]
public enum ReconciliationCompare
{
    /// <summary>Row counts: (left − right) / left.</summary>
    [JsonStringEnumMemberName("count")]
    Count,

    /// <summary>Sums of a numeric column: (left − right) / left.</summary>
    [JsonStringEnumMemberName("sum")]
    Sum,

    /// <summary>Newest times: left's newest − right's newest, in seconds.</summary>
    [JsonStringEnumMemberName("freshness_lag")]
    FreshnessLag,
}
