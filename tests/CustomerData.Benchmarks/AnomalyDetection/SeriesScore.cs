using CustomerData.Checks.Anomaly;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>
/// One detector on one series, scored as on-call hears it: a window is caught when a flagged bucket falls in it; a false
/// alarm is a run of consecutive flagged buckets that touches no window (a run that starts in a window and outlasts it
/// is that window's alarm, not a second one).
/// </summary>
internal sealed record SeriesScore(LabelledSeries Labelled, IReadOnlyList<AnomalyWindow> Caught, int FalseAlarms, IReadOnlyList<int> DelaysInBuckets)
{
    public static SeriesScore Of(LabelledSeries labelled, Func<BucketSeries, DateTimeOffset, double, AnomalyVerdict> judge)
    {
        var judged = labelled.Series.Between(labelled.JudgeFrom, labelled.JudgeTo).ToArray()
            .Select(b => (b.Start, Verdict: judge(labelled.Series, b.Start, b.Value)))
            .ToList();
        var runs = AlarmRun.Of(judged);
        var flagged = judged.Where(j => j.Verdict is AnomalyVerdict.Warning or AnomalyVerdict.Critical).Select(j => j.Start).ToList();
        var caught = labelled.Windows.Where(w => flagged.Any(w.Contains)).ToList();
        var falseAlarms = runs.Count(r => !labelled.Windows.Any(w => r.First < w.End && r.Last >= w.Start));
        var delays = caught.Select(w => (int)((flagged.First(w.Contains) - w.Start) / labelled.Series.Width)).ToList();
        return new SeriesScore(labelled, caught, falseAlarms, delays);
    }
}
