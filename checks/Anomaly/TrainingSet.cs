namespace CustomerData.Checks.Anomaly;

/// <summary>The buckets a band is learned from, in time order, on the model's scale (log for counts), with their slots per seasonality.</summary>
internal sealed class TrainingSet
{
    private readonly Dictionary<AnomalySeasonality, int[]> _slots = [];
    private readonly BucketValue[] _buckets;
    private readonly TimeZoneInfo _zone;

    public TrainingSet(ReadOnlySpan<BucketValue> buckets, TimeSpan width, AnomalyValueKind kind, TimeZoneInfo zone)
    {
        _buckets = buckets.ToArray();
        _zone = zone;
        Kind = kind;
        Raw = [.. _buckets.Select(b => b.Value)];
        Scaled = [.. Raw.Select(v => Scale.To(kind, v))];

        // The level follows the last day of buckets (at least 7): long enough to average noise, short enough to follow trend.
        LevelWindow = Math.Max(7, (int)Math.Ceiling(TimeSpan.FromDays(1) / width));
        LongWindow = Math.Max(4 * LevelWindow, (int)Math.Ceiling(TimeSpan.FromDays(7) / width));
    }

    public AnomalyValueKind Kind { get; }

    public double[] Raw { get; }

    public double[] Scaled { get; }

    public int LevelWindow { get; }

    public int LongWindow { get; }

    public int Count => _buckets.Length;

    public DateTimeOffset StartOf(int index) => _buckets[index].Start;

    public TimeSpan Covered(DateTimeOffset until) => Count == 0 ? TimeSpan.Zero : until - _buckets[0].Start;

    public int[] Slots(AnomalySeasonality seasonality)
    {
        if (!_slots.TryGetValue(seasonality, out var slots))
        {
            slots = [.. _buckets.Select(b => SeasonalSlots.Of(b.Start, seasonality, _zone))];
            _slots[seasonality] = slots;
        }

        return slots;
    }

    public int[] CoarseSlots(AnomalySeasonality seasonality) => Slots(SeasonalSlots.Coarser(seasonality));

    public int SlotOf(DateTimeOffset start, AnomalySeasonality seasonality) => SeasonalSlots.Of(start, seasonality, _zone);
}
