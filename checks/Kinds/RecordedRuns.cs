using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Quartz;

namespace CustomerData.Checks.Kinds;

/// <summary>
/// The training series of a learned threshold on a check without a per-bucket warehouse series: the check's own
/// recorded results, one bucket per scheduled run. The bucket width is the median gap between the schedule's fires (known
/// from the first run, the same on every replica, and untouched by manual runs); a result sits in the bucket of the
/// latest fire at or before it was measured (its scheduled slot), and of several results in one slot the last counts.
/// </summary>
internal static class RecordedRuns
{
    /// <summary>The shortest bucket: a schedule firing more often than this is refused with a learned threshold.</summary>
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(1);

    // Results are read this much further back than the training span, so the oldest slot's runs are all there even
    // after a weekend gap; a fixed Monday keeps the interval the same on every run.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(8);
    private static readonly DateTimeOffset Reference = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LongestDefaultTraining = TimeSpan.FromDays(84);
    private const int MaximumFires = 20_000;

    /// <summary>The schedule's usual gap between runs: the median gap over at least a week of its fires.</summary>
    public static TimeSpan Interval(string cron, TimeZoneInfo zone)
    {
        var expression = new CronExpression(cron, zone);
        var gaps = new List<TimeSpan>();
        var previous = expression.GetNextValidTimeAfter(Reference);
        while (previous is { } at && gaps.Count < MaximumFires && (gaps.Count < 50 || at - Reference < Margin))
        {
            var next = expression.GetNextValidTimeAfter(at);
            if (next is { } following)
            {
                gaps.Add(following - at);
            }

            previous = next;
        }

        gaps.Sort();
        return gaps.Count == 0 ? TimeSpan.Zero : gaps[(gaps.Count - 1) / 2];
    }

    /// <summary>How far back the check's results are read: its training span and a margin. Without its own schedule the
    /// interval is not known here (defaults.schedule), so the longest default training is read.</summary>
    public static TimeSpan Lookback(AnomalyDefinition anomaly, string? schedule)
    {
        var training = anomaly.Training?.Value
            ?? (schedule is null ? LongestDefaultTraining : LearnedCount.Settings(anomaly, TimeZoneInfo.Utc).TrainingFor(Interval(schedule, TimeZoneInfo.Utc)));
        return training + Margin;
    }

    /// <summary>The scheduled slot a run measured at <paramref name="at"/> belongs to, and the recorded values of the slots
    /// before it (results without a value, such as an UNKNOWN, are left out).</summary>
    public static (DateTimeOffset Slot, BucketSeries Training) Series(IReadOnlyList<PastResult> history, string cron, TimeZoneInfo zone, TimeSpan width, DateTimeOffset at)
    {
        var expression = new CronExpression(cron, zone);
        var recorded = history.Where(r => r.MeasuredAt <= at && r.Value is { } v && double.IsFinite(v)).ToList();
        var first = recorded.Count > 0 ? recorded[0].MeasuredAt : at;
        DateTimeOffset? slot = null;
        var next = expression.GetNextValidTimeAfter(first - Margin - TimeSpan.FromSeconds(1));
        var buckets = new List<BucketValue>();
        foreach (var result in recorded.Append(new PastResult(at, CheckStatus.Ok, double.NaN)))
        {
            while (next is { } fire && fire <= result.MeasuredAt)
            {
                slot = fire;
                next = expression.GetNextValidTimeAfter(fire);
            }

            if (slot is { } start && double.IsFinite(result.Value!.Value))
            {
                buckets.Add(new BucketValue(start, result.Value.Value));
            }
        }

        // A run outside any slot (before the schedule's first fire) is judged in a bucket of its own.
        var judged = slot ?? at;
        return (judged, new BucketSeries(width, buckets.Where(b => b.Start < judged)));
    }
}
