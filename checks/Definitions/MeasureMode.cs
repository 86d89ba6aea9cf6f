using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>Where a freshness or volume check gets its number: by reading the rows, or from table metadata.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeasureMode>))]
public enum MeasureMode
{
    /// <summary>Aggregate the rows (exact; costs a read of the column or table).</summary>
    [JsonStringEnumMemberName("scan")]
    Scan,

    /// <summary>Ask the warehouse's table metadata (free or nearly; as fresh as the metadata is, see the source's documentation).</summary>
    [JsonStringEnumMemberName("metadata")]
    Metadata,
}
