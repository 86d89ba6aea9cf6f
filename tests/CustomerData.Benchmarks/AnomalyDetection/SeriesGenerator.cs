using CustomerData.Checks.Anomaly;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>
/// Generates a labelled series from its spec with a fixed seed: rate = base × daily rhythm × weekly rhythm × trend ×
/// holiday × planted anomaly, times persistent log-normal noise, drawn as a Poisson count; then buckets go missing.
/// </summary>
internal static class SeriesGenerator
{
    /// <summary>
    /// A holiday's rate: a quarter below the usual day, shallower than the shallowest planted drop (40%). The first version
    /// used 55%, as deep as the planted drops: a holiday was then indistinguishable from a drop, and any detector that
    /// caught drops paid a false alarm for each holiday, which measured nothing.
    /// </summary>
    public const double HolidayFactor = 0.75;

    public static readonly DateTimeOffset Origin = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static LabelledSeries Generate(SeriesSpec spec, int index, int seed)
    {
        var random = new Random((seed * 1000) + index);
        var judgeFrom = Origin + spec.WarmUp;
        var judgeTo = judgeFrom + spec.Judged;
        var windows = PlantWindows(spec, random, judgeFrom);
        var holidays = PickDays(random, spec.Holidays, judgeFrom, judgeTo, windows, spec.Hourly ? 2 : 7);
        var outage = spec.Hourly && spec.Missing > 0 ? PickDays(random, 1, judgeFrom, judgeTo, windows, 1)[0].AddHours(random.Next(24)) : (DateTimeOffset?)null;
        var values = new List<BucketValue>();
        var noise = 0.0;
        for (var start = Origin; start < judgeTo; start += spec.Width)
        {
            noise = (spec.Persistence * noise) + (Math.Sqrt(1 - (spec.Persistence * spec.Persistence)) * Gaussian(random));
            var rate = spec.Rate * Rhythm(spec, start) * Math.Pow(1 + spec.WeeklyGrowth, (start - Origin).TotalDays / 7)
                * (holidays.Contains(new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero)) ? HolidayFactor : 1)
                * Factor(windows, start) * Math.Exp((spec.Noise * noise) - (spec.Noise * spec.Noise / 2));
            var value = Poisson(random, rate);
            var missing = random.NextDouble() < spec.Missing || (outage is { } o && start >= o && start < o.AddDays(1));
            if (!missing)
            {
                values.Add(new BucketValue(start, value));
            }
        }

        return new LabelledSeries(spec, new BucketSeries(spec.Width, values), windows, holidays, judgeFrom, judgeTo);
    }

    /// <summary>One anomaly in each equal part of the judged span, away from the part's edges.</summary>
    private static List<AnomalyWindow> PlantWindows(SeriesSpec spec, Random random, DateTimeOffset judgeFrom)
    {
        var windows = new List<AnomalyWindow>();
        var part = spec.Width * (int)(spec.Judged / spec.Width / spec.Anomalies.Length);
        var margin = spec.Hourly ? TimeSpan.FromDays(2) : TimeSpan.FromDays(10);
        for (var i = 0; i < spec.Anomalies.Length; i++)
        {
            var (length, factor) = Shape(spec, spec.Anomalies[i], random);
            var room = (part - (margin * 2) - length) / spec.Width;
            var start = judgeFrom + (part * i) + margin + (spec.Width * random.Next((int)room));
            windows.Add(new AnomalyWindow(spec.Anomalies[i], start, start + length, factor));
        }

        return windows;
    }

    private static (TimeSpan Length, double Factor) Shape(SeriesSpec spec, AnomalyKind kind, Random random)
    {
        var unit = spec.Width;
        var sparse = spec.Rate < 20;
        return (kind, spec.Hourly) switch
        {
            (AnomalyKind.Drop, true) => (unit * random.Next(3, 9), Between(random, 0.3, 0.6)),
            (AnomalyKind.Drop, false) => (unit * random.Next(1, 3), Between(random, 0.3, 0.6)),
            (AnomalyKind.Spike, _) when sparse => (unit * (spec.Hourly ? random.Next(1, 4) : 1), Between(random, 5, 10)),
            (AnomalyKind.Spike, true) => (unit * random.Next(1, 5), Between(random, 2, 4)),
            (AnomalyKind.Spike, false) => (unit, Between(random, 2, 3.5)),
            (AnomalyKind.LevelShift, _) => (spec.Hourly ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7), random.Next(2) == 0 ? 0.6 : 1.6),
            (AnomalyKind.Drift, true) => (unit * random.Next(24, 49), 0.4),
            (AnomalyKind.Drift, false) => (unit * random.Next(7, 15), 0.4),
            (AnomalyKind.Stall, true) => (unit * random.Next(2, 13), 0),
            _ => (unit * random.Next(1, 3), 0.05),
        };
    }

    /// <summary>The planted factor on the rate of a bucket: a level shift lasts past its window, a drift declines through it.</summary>
    private static double Factor(List<AnomalyWindow> windows, DateTimeOffset start)
    {
        var factor = 1.0;
        foreach (var window in windows)
        {
            if (window.Kind == AnomalyKind.LevelShift && start >= window.Start)
            {
                factor *= window.Factor;
            }
            else if (window.Contains(start))
            {
                factor *= window.Kind == AnomalyKind.Drift
                    ? 1 - ((1 - window.Factor) * ((start - window.Start) / (window.End - window.Start)))
                    : window.Factor;
            }
        }

        return factor;
    }

    /// <summary>Daily rhythm (a night trough, an afternoon peak, earlier at weekends) times the weekend's level.</summary>
    private static double Rhythm(SeriesSpec spec, DateTimeOffset start)
    {
        var weekend = start.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var level = weekend ? spec.Weekend : 1;
        if (!spec.Hourly)
        {
            return level;
        }

        var peak = weekend ? 11.0 : 14.0;
        var bump = Math.Exp(-Math.Pow(start.Hour - peak, 2) / (2 * 4.5 * 4.5)) * 2.13;
        return level * ((1 - spec.DailyAmplitude) + (spec.DailyAmplitude * bump));
    }

    /// <summary>Whole UTC days in the judged span, each at least <paramref name="clearDays"/> from every window.</summary>
    private static List<DateTimeOffset> PickDays(Random random, int count, DateTimeOffset from, DateTimeOffset to, List<AnomalyWindow> windows, int clearDays)
    {
        var days = new List<DateTimeOffset>();
        var span = (int)(to - from).TotalDays;
        while (days.Count < count)
        {
            var day = from.AddDays(random.Next(span));
            if (windows.All(w => day.AddDays(1 + clearDays) <= w.Start || day.AddDays(-clearDays) >= w.End) && !days.Contains(day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static double Between(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Poisson(Random random, double rate)
    {
        if (rate > 30)
        {
            return Math.Max(0, Math.Round(rate + (Math.Sqrt(rate) * Gaussian(random))));
        }

        var limit = Math.Exp(-rate);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }

        return count;
    }
}
