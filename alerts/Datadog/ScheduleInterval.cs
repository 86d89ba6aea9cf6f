using Quartz;

namespace CustomerData.Alerts.Datadog;

/// <summary>The longest wait between two runs of a Quartz schedule: what a no-data alert has to tolerate.</summary>
internal static class ScheduleInterval
{
    /// <summary>
    /// A fixed start keeps exports deterministic without a clock. It is a Monday in early January, so
    /// the scan meets no autumn clock change in the northern hemisphere (one would lengthen a gap by an hour;
    /// a spring change only shortens one, and the longest gap stays).
    /// </summary>
    internal static readonly DateTimeOffset Reference = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    // At least 50 fires and a whole week (plus a day of margin), so weekday-only and business-hours
    // schedules show their weekend gap; the cap bounds the work for second-level schedules.
    private const int MinimumFires = 50;
    private const int MaximumFires = 20_000;
    private static readonly TimeSpan MinimumSpan = TimeSpan.FromDays(8);

    /// <summary>The largest gap between consecutive fires in the zone, or null when the schedule fires fewer than twice.</summary>
    public static TimeSpan? Longest(string cron, TimeZoneInfo zone)
    {
        var expression = new CronExpression(cron, zone);
        if (expression.GetNextValidTimeAfter(Reference) is not { } first)
        {
            return null;
        }

        var previous = first;
        TimeSpan? longest = null;
        for (var seen = 1; seen < MaximumFires; seen++)
        {
            if (expression.GetNextValidTimeAfter(previous) is not { } next)
            {
                break;
            }

            var gap = next - previous;
            longest = longest is null || gap > longest ? gap : longest;
            previous = next;
            if (seen + 1 >= MinimumFires && previous - first >= MinimumSpan)
            {
                break;
            }
        }

        return longest;
    }
}
