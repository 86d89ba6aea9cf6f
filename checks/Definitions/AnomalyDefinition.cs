using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>A learned threshold: the expected range of each bucket, learned from the table's own past or from the check's
/// recorded runs (docs: README "Learned thresholds").</summary>
public sealed record AnomalyDefinition
{
    [Description("How far from the expected value a bucket may stray: \"low\" (fewest alerts), \"medium\" (default) or \"high\".")]
    public AnomalySensitivityName? Sensitivity { get; init; }

    [Description("Which buckets are compared: \"auto\" (default: chosen from the data), \"none\", \"hour_of_day\", \"day_of_week\" or \"hour_of_week\".")]
    public AnomalySeasonalityName? Seasonality { get; init; }

    [Description("How much history the model learns from, such as \"28d\". Default: 28d for buckets shorter than a day, else 84d.")]
    [MaximumDuration("3650d")]
    public Duration? Training { get; init; }

    [Description("Below this much history there is no learned range yet, such as \"7d\". Default: 7d (and at least 14 buckets).")]
    [MaximumDuration("3650d")]
    public Duration? MinTraining { get; init; }

    [Description("Which way alerts: \"both\" (default), \"up\" (only too high) or \"down\" (only too low).")]
    public AnomalyDirectionName? Direction { get; init; }

    [Description("What a check is while it has less than min_training of history: \"ok\" (default, with a note) or \"unknown\".")]
    public UntrainedStatus? WhenUntrained { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<AnomalySensitivityName>))]
public enum AnomalySensitivityName
{
    [JsonStringEnumMemberName("low")]
    Low,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("high")]
    High,
}

[JsonConverter(typeof(JsonStringEnumConverter<AnomalySeasonalityName>))]
public enum AnomalySeasonalityName
{
    [JsonStringEnumMemberName("auto")]
    Auto,

    [JsonStringEnumMemberName("none")]
    None,

    [JsonStringEnumMemberName("hour_of_day")]
    HourOfDay,

    [JsonStringEnumMemberName("day_of_week")]
    DayOfWeek,

    [JsonStringEnumMemberName("hour_of_week")]
    HourOfWeek,
}

[JsonConverter(typeof(JsonStringEnumConverter<AnomalyDirectionName>))]
public enum AnomalyDirectionName
{
    [JsonStringEnumMemberName("both")]
    Both,

    [JsonStringEnumMemberName("up")]
    Up,

    [JsonStringEnumMemberName("down")]
    Down,
}

[JsonConverter(typeof(JsonStringEnumConverter<UntrainedStatus>))]
public enum UntrainedStatus
{
    [JsonStringEnumMemberName("ok")]
    Ok,

    [JsonStringEnumMemberName("unknown")]
    Unknown,
}
