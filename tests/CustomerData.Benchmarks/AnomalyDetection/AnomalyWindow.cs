namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>A planted anomaly: the buckets starting in [Start, End) are its window, and <see cref="Factor"/> multiplies their rate.</summary>
internal sealed record AnomalyWindow(AnomalyKind Kind, DateTimeOffset Start, DateTimeOffset End, double Factor)
{
    public bool Contains(DateTimeOffset bucketStart) => bucketStart >= Start && bucketStart < End;
}
