namespace CustomerData.Checks.Anomaly;

/// <summary>
/// A metric measured per bucket of a fixed width, ordered by start; buckets may be missing (never measured). A bucket
/// given twice keeps its last value; values that are not finite are left out.
/// </summary>
internal sealed class BucketSeries
{
    private readonly BucketValue[] _buckets;

    public BucketSeries(TimeSpan width, IEnumerable<BucketValue> buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        Width = width;
        var byStart = new SortedDictionary<DateTimeOffset, double>();
        foreach (var bucket in buckets.Where(b => double.IsFinite(b.Value)))
        {
            byStart[bucket.Start] = bucket.Value;
        }

        _buckets = [.. byStart.Select(p => new BucketValue(p.Key, p.Value))];
    }

    public TimeSpan Width { get; }

    public IReadOnlyList<BucketValue> Buckets => _buckets;

    /// <summary>The buckets starting in [from, to), in order.</summary>
    public ReadOnlySpan<BucketValue> Between(DateTimeOffset from, DateTimeOffset to)
    {
        var first = FirstAtOrAfter(from);
        var end = FirstAtOrAfter(to);
        return _buckets.AsSpan(first, Math.Max(0, end - first));
    }

    private int FirstAtOrAfter(DateTimeOffset instant)
    {
        int low = 0, high = _buckets.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_buckets[middle].Start < instant)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
