using CustomerData.Alerts.Datadog;
using Quartz;

namespace CustomerData.Monitors.Cost;

/// <summary>How often a Quartz schedule fires on an average day: its fires over a week from <see cref="ScheduleInterval.Reference"/>, divided by seven.</summary>
internal static class RunsPerDay
{
    public static double Of(string cron, TimeZoneInfo zone)
    {
        var expression = new CronExpression(cron, zone);
        var end = ScheduleInterval.Reference.AddDays(7);
        var fires = 0;
        // From just before the reference, so a fire at the reference itself counts: a week of 15-minute runs is exactly 672.
        for (var next = expression.GetNextValidTimeAfter(ScheduleInterval.Reference.AddSeconds(-1)); next is { } at && at < end; next = expression.GetNextValidTimeAfter(at))
        {
            fires++;
        }

        return fires / 7.0;
    }
}
