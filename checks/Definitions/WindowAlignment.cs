using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>Which span of time a windowed check measures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WindowAlignment>))]
public enum WindowAlignment
{
    /// <summary>The window ending now: "1d" is the last 24 hours up to the moment of the run.</summary>
    [JsonStringEnumMemberName("trailing")]
    Trailing,

    /// <summary>The last complete bucket in the check's time zone: "1d" is yesterday, midnight to midnight.</summary>
    [JsonStringEnumMemberName("complete")]
    Complete,
}
