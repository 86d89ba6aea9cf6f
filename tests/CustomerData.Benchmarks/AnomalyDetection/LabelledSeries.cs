using CustomerData.Checks.Anomaly;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>A generated series with its planted windows; buckets starting in [JudgeFrom, JudgeTo) are judged.</summary>
internal sealed record LabelledSeries(SeriesSpec Spec, BucketSeries Series, IReadOnlyList<AnomalyWindow> Windows, IReadOnlyList<DateTimeOffset> Holidays, DateTimeOffset JudgeFrom, DateTimeOffset JudgeTo)
{
    /// <summary>The judged span in months of 30 days: false alarms are counted per series-month.</summary>
    public double Months => (JudgeTo - JudgeFrom).TotalDays / 30;
}
