using CustomerData.Checks.Anomaly;

namespace CustomerData.Tests.Anomaly;

/// <summary>Hourly series for the anomaly tests: a weekly rhythm with seeded noise, so every run sees the same numbers.</summary>
internal static class SyntheticSeries
{
    /// <summary>A Monday, 00:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Orders an hour: 20 at night to 300 in the afternoon on weekdays, 60% of that with an earlier peak at weekends.</summary>
    public static double WeeklyRate(DateTimeOffset at)
    {
        var weekend = at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var peak = weekend ? 11 : 14;
        var shape = 20 + (280 * Math.Exp(-Math.Pow(at.Hour - peak, 2) / 18));
        return weekend ? 0.6 * shape : shape;
    }

    /// <summary>The rate times noise of ±<paramref name="noise"/> (uniform), rounded to a count; <paramref name="change"/> may replace any bucket's value.</summary>
    public static BucketSeries Hourly(int hours, Func<DateTimeOffset, double> rate, double noise, int seed, Func<DateTimeOffset, double, double>? change = null)
    {
        var random = new Random(seed);
        var buckets = new List<BucketValue>();
        for (var i = 0; i < hours; i++)
        {
            var at = Start + (Hour * i);
            var value = Math.Round(rate(at) * (1 + (noise * ((2 * random.NextDouble()) - 1))));
            buckets.Add(new BucketValue(at, change is null ? value : change(at, value)));
        }

        return new BucketSeries(Hour, buckets);
    }
}
