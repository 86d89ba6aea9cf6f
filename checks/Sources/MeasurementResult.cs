namespace CustomerData.Checks.Sources;

/// <summary>What a source measured for one table slice: the values, in measure order, and what the reading cost.</summary>
/// <param name="Values">One value per measure of the measurement, in order (null where there was nothing to aggregate).</param>
public sealed record MeasurementResult(IReadOnlyList<long?> Values)
{
    /// <summary>Bytes the warehouse read (BigQuery reports them); null where unknown.</summary>
    public long? BytesProcessed { get; init; }

    /// <summary>Bytes the warehouse billed; null where unknown.</summary>
    public long? BytesBilled { get; init; }

    /// <summary>The warehouse's job ids, for looking the queries up there.</summary>
    public IReadOnlyList<string> JobIds { get; init; } = [];

    /// <summary>Read capacity units consumed (DynamoDB); null where not applicable.</summary>
    public double? ReadUnits { get; init; }

    /// <summary>Notes on single measures, by measure index, such as how many NULLs were absent attributes or a sampling error.</summary>
    public IReadOnlyDictionary<int, string> Notes { get; init; } = new Dictionary<int, string>();
}
