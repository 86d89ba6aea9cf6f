namespace CustomerData.Checks.Anomaly;

/// <summary>Which buckets are compared with each other: all of them, or those of the same hour, weekday or hour of the week.</summary>
internal enum AnomalySeasonality
{
    /// <summary>Chosen from the training data each day (see <see cref="SeasonalityDetector"/>).</summary>
    Auto,
    None,
    HourOfDay,
    DayOfWeek,
    HourOfWeek,
}
