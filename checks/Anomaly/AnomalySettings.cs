namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The settings of a learned threshold (checks.json's <c>"anomaly"</c> block); every field has a default, so
/// <c>"anomaly": {}</c> is a complete setting. Durations left null take a default scaled to the bucket width.
/// </summary>
internal sealed record AnomalySettings
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static AnomalySettings Default { get; } = new();

    public AnomalySensitivity Sensitivity { get; init; } = AnomalySensitivity.Medium;

    public AnomalySeasonality Seasonality { get; init; } = AnomalySeasonality.Auto;

    public AnomalyDirection Direction { get; init; } = AnomalyDirection.Both;

    /// <summary>How far back the model learns; null: 28 days for buckets shorter than a day, else 12 weeks (at least 16 buckets).</summary>
    public TimeSpan? Training { get; init; }

    /// <summary>Below this much history the verdict is <see cref="AnomalyVerdict.NotEnoughTraining"/>; null: 7 days, at least 14 buckets.</summary>
    public TimeSpan? MinTraining { get; init; }

    public AnomalyValueKind ValueKind { get; init; } = AnomalyValueKind.Count;

    /// <summary>The zone whose hours and weekdays the seasonal slots follow (the configuration's time zone).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public TimeSpan TrainingFor(TimeSpan width) =>
        Training ?? (width < Day ? TimeSpan.FromDays(28) : Max(TimeSpan.FromDays(84), width * 16));

    /// <summary>
    /// The history needed before a band is given: <see cref="MinTraining"/>, and for a seasonality set explicitly,
    /// two of its periods (each slot seen twice).
    /// </summary>
    public TimeSpan MinTrainingFor(TimeSpan width)
    {
        var minimum = MinTraining ?? Max(TimeSpan.FromDays(7), width * 14);
        return Seasonality is AnomalySeasonality.Auto or AnomalySeasonality.None
            ? minimum
            : Max(minimum, SeasonalSlots.Period(Seasonality) * 2);
    }

    /// <summary>
    /// How many buckets with a value the minimum span must hold: half of its buckets (a few buckets spread over a week
    /// teach nothing), at least 3.
    /// </summary>
    public static int MinimumPoints(TimeSpan minimum, TimeSpan width) => Math.Max(3, (int)(minimum / width / 2));

    /// <summary>Why these settings cannot serve buckets of this width, or null when they can (for the loader).</summary>
    public string? Problem(TimeSpan width)
    {
        if (width <= TimeSpan.Zero)
        {
            return "the bucket width must be positive";
        }

        if (Seasonality is not (AnomalySeasonality.Auto or AnomalySeasonality.None) && !SeasonalSlots.Fits(Seasonality, width))
        {
            return $"seasonality {SeasonalSlots.Name(Seasonality)} needs buckets that divide {SeasonalSlots.Resolution(Seasonality).TotalHours:0}h, not {width}";
        }

        var training = TrainingFor(width);
        return training < MinTrainingFor(width)
            ? $"training ({training.TotalDays:0.#} days) is shorter than the minimum training ({MinTrainingFor(width).TotalDays:0.#} days)"
            : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
