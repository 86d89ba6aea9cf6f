namespace CustomerData.Checks.Anomaly;

/// <summary>The seasonal slot of a bucket (its hour, weekday or hour of the week, in the configured zone), and what each seasonality needs.</summary>
internal static class SeasonalSlots
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The simplest first: auto-detection keeps a simpler one unless a richer one clearly fits better.</summary>
    public static IReadOnlyList<AnomalySeasonality> Candidates(TimeSpan width) =>
        [.. new[] { AnomalySeasonality.None, AnomalySeasonality.HourOfDay, AnomalySeasonality.DayOfWeek, AnomalySeasonality.HourOfWeek }
            .Where(s => s == AnomalySeasonality.None || Fits(s, width))];

    public static int Of(DateTimeOffset start, AnomalySeasonality seasonality, TimeZoneInfo zone)
    {
        if (seasonality is AnomalySeasonality.None or AnomalySeasonality.Auto)
        {
            return 0;
        }

        var local = TimeZoneInfo.ConvertTime(start, zone);
        return seasonality switch
        {
            AnomalySeasonality.HourOfDay => local.Hour,
            AnomalySeasonality.DayOfWeek => (int)local.DayOfWeek,
            _ => ((int)local.DayOfWeek * 24) + local.Hour,
        };
    }

    /// <summary>The next simpler seasonality, whose slot a rarely seen slot borrows.</summary>
    public static AnomalySeasonality Coarser(AnomalySeasonality seasonality) =>
        seasonality == AnomalySeasonality.HourOfWeek ? AnomalySeasonality.HourOfDay : AnomalySeasonality.None;

    /// <summary>The length of one cycle; zero for none.</summary>
    public static TimeSpan Period(AnomalySeasonality seasonality) => seasonality switch
    {
        AnomalySeasonality.HourOfDay => Day,
        AnomalySeasonality.DayOfWeek or AnomalySeasonality.HourOfWeek => Week,
        _ => TimeSpan.Zero,
    };

    /// <summary>The length of one slot.</summary>
    public static TimeSpan Resolution(AnomalySeasonality seasonality) =>
        seasonality is AnomalySeasonality.DayOfWeek ? Day : Hour;

    /// <summary>Buckets must fit whole in a slot: hour_of_day and hour_of_week need buckets dividing an hour, day_of_week a day.</summary>
    public static bool Fits(AnomalySeasonality seasonality, TimeSpan width) =>
        seasonality is AnomalySeasonality.None or AnomalySeasonality.Auto
        || (width <= Resolution(seasonality) && Resolution(seasonality).Ticks % width.Ticks == 0);

    public static string Name(AnomalySeasonality seasonality) => seasonality switch
    {
        AnomalySeasonality.HourOfDay => "hour_of_day",
        AnomalySeasonality.DayOfWeek => "day_of_week",
        AnomalySeasonality.HourOfWeek => "hour_of_week",
        AnomalySeasonality.Auto => "auto",
        _ => "none",
    };
}
