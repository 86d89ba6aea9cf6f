using CustomerData.Checks.Anomaly;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>Both detectors on every series of one seed, grouped by bucket width.</summary>
internal sealed record Evaluation(DetectorPair Hourly, DetectorPair Daily, DetectorTotals DailyWeekday)
{
    public static readonly ElementaryBaseline HourlyBaseline = new(AnomalySeasonality.HourOfDay);
    public static readonly ElementaryBaseline DailyBaseline = new(AnomalySeasonality.None);
    public static readonly ElementaryBaseline DailyWeekdayBaseline = new(AnomalySeasonality.DayOfWeek);

    public static Evaluation Run(int seed, CancellationToken cancellationToken)
    {
        var specs = BenchmarkSeries.All;
        var scores = new (SeriesScore Ours, SeriesScore Baseline, SeriesScore? Weekday)[specs.Count];
        Parallel.For(0, specs.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var labelled = SeriesGenerator.Generate(specs[i], i, seed);
            var ours = SeriesScore.Of(labelled, (series, start, value) => AnomalyDetector.Judge(series, start, value, AnomalySettings.Default).Verdict);
            var baseline = labelled.Spec.Hourly ? HourlyBaseline : DailyBaseline;
            scores[i] = (ours, SeriesScore.Of(labelled, Verdict(baseline)), labelled.Spec.Hourly ? null : SeriesScore.Of(labelled, Verdict(DailyWeekdayBaseline)));
        });

        return new Evaluation(
            DetectorPair.Of(scores.Where(s => s.Ours.Labelled.Spec.Hourly).Select(s => (s.Ours, s.Baseline))),
            DetectorPair.Of(scores.Where(s => !s.Ours.Labelled.Spec.Hourly).Select(s => (s.Ours, s.Baseline))),
            new DetectorTotals([.. scores.Select(s => s.Weekday).OfType<SeriesScore>()]));
    }

    private static Func<BucketSeries, DateTimeOffset, double, AnomalyVerdict> Verdict(ElementaryBaseline baseline) =>
        (series, start, value) => baseline.Flags(series, start, value) ? AnomalyVerdict.Warning : AnomalyVerdict.Ok;
}
