namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The learned threshold: from a bucketed series, the expected band of one bucket, learned only from the buckets that
/// start before it within the training span. Pure and deterministic: the same series and settings give the same band.
/// </summary>
internal static class AnomalyDetector
{
    /// <param name="memo">Where a caller judging many buckets of this series keeps each day's chosen seasonality.</param>
    public static AnomalyExpectation Expect(BucketSeries history, DateTimeOffset bucketStart, AnomalySettings settings, SeasonalityMemo? memo = null)
    {
        var width = history.Width;
        if (settings.Problem(width) is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        var minimum = settings.MinTrainingFor(width);
        var training = new TrainingSet(history.Between(bucketStart - settings.TrainingFor(width), bucketStart), width, settings.ValueKind, settings.TimeZone);
        var covered = training.Covered(bucketStart);

        var neededPoints = AnomalySettings.MinimumPoints(minimum, width);
        var seasonality = settings.Seasonality != AnomalySeasonality.Auto ? settings.Seasonality
            : memo is not null ? memo.Choose(history, bucketStart, settings)
            : SeasonalityDetector.Choose(history, bucketStart, settings);
        if (covered < minimum || training.Count < neededPoints)
        {
            return new AnomalyExpectation(null, seasonality, training.Count, covered, minimum, 0, settings.Direction);
        }

        var fit = SeasonalModel.Fit(training, seasonality, bucketStart, settings, width);
        var band = double.IsFinite(fit.Noise.Alpha) && double.IsFinite(fit.Expected) ? AnomalyBandWidth.Band(fit, settings) : null;
        return new AnomalyExpectation(band, seasonality, training.Count, covered, minimum, fit.Excluded, settings.Direction)
        {
            Sustained = band is null ? null : fit.Sustained,
        };
    }

    public static AnomalyJudgement Judge(BucketSeries history, DateTimeOffset bucketStart, double value, AnomalySettings settings) =>
        Expect(history, bucketStart, settings).Judge(value);
}
