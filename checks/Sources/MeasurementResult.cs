using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Sources;

/// <summary>What a source measured for one table slice: the values, in measure order, and what the reading cost.</summary>
/// <param name="Values">One typed value per measure of the measurement, in order (missing where there was nothing to aggregate).</param>
public sealed record MeasurementResult(IReadOnlyList<MeasuredValue> Values)
{
    /// <summary>Types the whole numbers a source read, by what each measure computes (counts, epoch microseconds).</summary>
    public static MeasurementResult FromRaw(IReadOnlyList<Measure> measures, IReadOnlyList<long?> raw) =>
        new([.. measures.Select((measure, i) => measure.Function.Typed(raw[i]))]);

    /// <summary>The same result with the real numbers a source read for some measures (<see cref="MeasureFunctions.IsReal"/>).</summary>
    public MeasurementResult WithNumbers(IReadOnlyDictionary<int, double?> numbers) =>
        numbers.Count == 0 ? this : this with { Values = [.. Values.Select((value, i) => numbers.TryGetValue(i, out var number) ? MeasuredValue.Number(number) : value)] };

    /// <summary>The same values with every approximate distinct count typed as an estimate with the source's stated error.</summary>
    public MeasurementResult WithEstimates(IReadOnlyList<Measure> measures, double relativeError) => this with
    {
        Values = [.. Values.Select((value, i) => measures[i].Function == MeasureFunction.ApproxDistinctCount && value.AsCount() is { } count
            ? new EstimatedCountValue(count, relativeError)
            : value)],
    };

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
