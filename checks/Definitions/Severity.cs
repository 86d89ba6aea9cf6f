using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>How bad a finding that has no number to judge is: a schema that does not match, or that changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("critical")]
    Critical,
}
