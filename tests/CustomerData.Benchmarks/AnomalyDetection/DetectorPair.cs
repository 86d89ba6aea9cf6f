namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>This project's detector and the baseline on the same series.</summary>
internal sealed record DetectorPair(IReadOnlyList<(SeriesScore Ours, SeriesScore Baseline)> Pairs)
{
    public DetectorTotals Ours { get; } = new([.. Pairs.Select(p => p.Ours)]);

    public DetectorTotals Baseline { get; } = new([.. Pairs.Select(p => p.Baseline)]);

    public static DetectorPair Of(IEnumerable<(SeriesScore Ours, SeriesScore Baseline)> pairs) => new([.. pairs]);
}
