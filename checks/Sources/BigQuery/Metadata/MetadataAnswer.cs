namespace CustomerData.Checks.Sources.BigQuery.Metadata;

/// <summary>The values metadata gave for some measures, notes on how to read them, and what asking cost.</summary>
internal sealed class MetadataAnswer
{
    public Dictionary<int, long?> Values { get; } = [];

    /// <summary>Values that are not whole numbers (a table's columns).</summary>
    public Dictionary<int, Values.MeasuredValue> Typed { get; } = [];

    public Dictionary<int, string> Notes { get; } = [];

    public long BytesProcessed { get; set; }

    public long BytesBilled { get; set; }

    public List<string> JobIds { get; } = [];
}
