using System.Collections.Concurrent;

namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The seasonality chosen for each day of one series, remembered: <c>auto</c> chooses once per day from the training
/// span ending at the day's start (<see cref="SeasonalityDetector"/>), so a backtest judging every hour of a year
/// chooses 365 times, not 8,760. Safe to share between threads; only for one series and one set of settings.
/// </summary>
internal sealed class SeasonalityMemo
{
    private readonly ConcurrentDictionary<DateTime, AnomalySeasonality> _byDay = new();

    public AnomalySeasonality Choose(BucketSeries series, DateTimeOffset bucketStart, AnomalySettings settings) =>
        _byDay.GetOrAdd(
            TimeZoneInfo.ConvertTime(bucketStart, settings.TimeZone).Date,
            static (_, state) => SeasonalityDetector.Choose(state.series, state.bucketStart, state.settings),
            (series, bucketStart, settings));
}
