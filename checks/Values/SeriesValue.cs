namespace CustomerData.Checks.Values;

/// <summary>One bucket of a series: where it starts and what was measured in it.</summary>
public readonly record struct SeriesPoint(DateTimeOffset Start, double Value);

/// <summary>A value per time bucket, oldest first: every bucket from the oldest holding any row to the end of the
/// requested span (later empty buckets count 0; before the oldest, the table had no data).</summary>
public sealed record SeriesValue(TimeSpan Width, IReadOnlyList<SeriesPoint> Points) : MeasuredValue
{
    public override string ToString() => $"{Points.Count} buckets of {Definitions.Duration.Format(Width)}";
}
