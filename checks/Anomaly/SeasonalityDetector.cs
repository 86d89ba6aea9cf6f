namespace CustomerData.Checks.Anomaly;

/// <summary>
/// Chooses the seasonality for <c>"seasonality": "auto"</c>: each candidate the bucket width allows and the history
/// covers twice is scored by its forecast error (see <see cref="SeasonalModel.ForecastError"/>); a richer candidate
/// replaces a simpler one only when it cuts that error by a tenth. It looks at the training span
/// ending at the start of the judged bucket's day (in the configured zone), so the choice holds for a whole day and
/// does not flip from one hour to the next.
/// </summary>
internal static class SeasonalityDetector
{
    private const double RequiredGain = 0.9;

    public static AnomalySeasonality Choose(BucketSeries series, DateTimeOffset bucketStart, AnomalySettings settings)
    {
        var local = TimeZoneInfo.ConvertTime(bucketStart, settings.TimeZone);
        var midnight = local.Date;
        var dayStart = new DateTimeOffset(midnight, settings.TimeZone.GetUtcOffset(midnight));
        var training = new TrainingSet(
            series.Between(dayStart - settings.TrainingFor(series.Width), dayStart), series.Width, settings.ValueKind, settings.TimeZone);
        return Choose(training, dayStart, series.Width);
    }

    public static AnomalySeasonality Choose(TrainingSet training, DateTimeOffset until, TimeSpan width)
    {
        var chosen = AnomalySeasonality.None;
        var best = double.NaN;
        foreach (var candidate in SeasonalSlots.Candidates(width))
        {
            if (training.Covered(until) < SeasonalSlots.Period(candidate) * 2)
            {
                continue;
            }

            var spread = SeasonalModel.ForecastError(training, candidate);
            if (double.IsNaN(best) || spread < RequiredGain * best)
            {
                (chosen, best) = (candidate, spread);
            }
        }

        return chosen;
    }
}
