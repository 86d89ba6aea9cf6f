namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The model: a bucket is expected at the median of its seasonal slot over the training span, moved by the recent level
/// (the median of the last day's deviations from their slots, which follows trend and adopts a lasting shift, see
/// <see cref="LevelTracker"/>); the noise is fitted on those one-step deviations (see <see cref="NoiseModel"/>).
/// Training buckets more than <see cref="ExclusionSigmas"/> deviations off are anomalies: left out of the profile, the
/// level and the noise, so a bad day never widens the band.
/// </summary>
internal static class SeasonalModel
{
    /// <summary>Deviations beyond this many standard deviations mark a training bucket as anomalous.</summary>
    public const double ExclusionSigmas = 3.5;

    /// <summary>A level shift is adopted once this share of the last half-window of buckets sits on one side.</summary>
    private const double AdoptShare = 0.75;

    /// <summary>Counts that fall or rise more than 4x are never adopted as a new level: a stall stays an alarm until data returns.</summary>
    private static readonly double MaxAdoptedShift = Math.Log(4);

    /// <summary>
    /// How well a seasonality forecasts: the 90th percentile of the absolute one-step deviations (leave-one-out, so a
    /// slot never predicts itself). A high percentile, not the median, so a step the level lags behind (a weekend under
    /// no seasonality) counts.
    /// </summary>
    public static double ForecastError(TrainingSet training, AnomalySeasonality seasonality)
    {
        var errors = FirstPass.Errors(training, seasonality).Where(double.IsFinite).Select(Math.Abs).Order().ToArray();
        return errors.Length == 0 ? double.NaN : errors[(int)(0.9 * (errors.Length - 1))];
    }

    /// <summary>The fit for the bucket at <paramref name="bucketStart"/>, with its test of a shift held over the last buckets.</summary>
    public static SeasonalFit Fit(TrainingSet training, AnomalySeasonality seasonality, DateTimeOffset bucketStart, AnomalySettings settings, TimeSpan width)
    {
        var pass = FirstPass.Run(training, seasonality);
        var (slots, coarse) = (training.Slots(seasonality), training.CoarseSlots(seasonality));
        var profile = SlotProfile.Build(training.Scaled, slots, coarse, pass.Excluded);
        var residuals = profile.Residuals(training.Scaled, slots, coarse, pass.Excluded, leaveOneOut: true);
        var counts = training.Kind == AnomalyValueKind.Count;
        var level = new LevelTracker(training.LevelWindow, training.LongWindow, counts ? MaxAdoptedShift : double.PositiveInfinity, AdoptShare);
        var errors = new List<double>(training.Count);
        var rates = new List<double>(training.Count);
        var allErrors = new double[training.Count];
        var allRates = new double[training.Count];
        Array.Fill(allErrors, double.NaN);
        for (var j = 0; j < residuals.Length; j++)
        {
            if (!double.IsFinite(residuals[j]))
            {
                continue;
            }

            var current = level.Current();
            var error = residuals[j] - current;
            var rate = Scale.From(training.Kind, profile.Median(slots[j], coarse[j]) + current);
            var outlier = Math.Abs(error) > ExclusionSigmas * pass.Noise.LogSigma(rate);
            (allErrors[j], allRates[j]) = (error, rate);
            level.Add(residuals[j], outlier ? Math.Sign(error) : 0);
            if (!outlier)
            {
                errors.Add(error);
                rates.Add(rate);
            }
        }

        var noise = NoiseModel.Fit(counts, errors, rates);
        var slotMedian = profile.Median(training.SlotOf(bucketStart, seasonality), training.SlotOf(bucketStart, SeasonalSlots.Coarser(seasonality)));
        var fit = new SeasonalFit(slotMedian + level.Current(), slotMedian + level.LongRun(), noise, pass.Excluded.Count(e => e) + level.Anomalous);
        return double.IsFinite(noise.Alpha) && double.IsFinite(fit.Expected)
            ? fit with { Sustained = SustainedTest.Build(training, allErrors, allRates, noise, fit, bucketStart, width, settings) }
            : fit;
    }
}
