using CustomerData.Benchmarks.Report;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>One detector's scores summed over a set of series.</summary>
internal sealed record DetectorTotals(IReadOnlyList<SeriesScore> Scores)
{
    public int Windows => Scores.Sum(s => s.Labelled.Windows.Count);

    public int Caught => Scores.Sum(s => s.Caught.Count);

    public int FalseAlarms => Scores.Sum(s => s.FalseAlarms);

    public double Months => Scores.Sum(s => s.Labelled.Months);

    public double FalseAlarmsPerMonth => FalseAlarms / Months;

    public double MedianDelay => Stats.Median(Scores.SelectMany(s => s.DelaysInBuckets).Select(d => (double)d));

    public string CaughtText => $"{Caught} of {Windows}";

    public string FalseAlarmText => $"{Stats.Number(FalseAlarmsPerMonth, 2)} ({FalseAlarms} in {Stats.Number(Months, 1)} series-months)";

    public int CaughtOf(AnomalyKind kind) => Scores.Sum(s => s.Caught.Count(w => w.Kind == kind));

    public int WindowsOf(AnomalyKind kind) => Scores.Sum(s => s.Labelled.Windows.Count(w => w.Kind == kind));
}
