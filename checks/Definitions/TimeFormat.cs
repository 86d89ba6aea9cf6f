using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>How a time attribute is stored where the source has no timestamp type (DynamoDB).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimeFormat>))]
public enum TimeFormat
{
    /// <summary>An ISO-8601 string such as "2026-11-26T09:00:00.000Z"; compared as text by filters and index order.</summary>
    [JsonStringEnumMemberName("iso8601")]
    Iso8601,

    /// <summary>A number of seconds since the Unix epoch (fractions allowed).</summary>
    [JsonStringEnumMemberName("epoch_seconds")]
    EpochSeconds,

    /// <summary>A number of milliseconds since the Unix epoch.</summary>
    [JsonStringEnumMemberName("epoch_millis")]
    EpochMillis,
}
