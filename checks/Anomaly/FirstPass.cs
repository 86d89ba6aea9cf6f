namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The model's first pass over all training buckets: slot medians, a plain trailing-median level, a first noise fit,
/// and which buckets are anomalous. A bucket is judged against the median of its slot with itself included (with three
/// or four weeks per slot, a leave-one-out median of the others is dragged by one stalled week and would mark the normal
/// weeks); the noise is fitted on leave-one-out deviations, which are honest one-step errors.
/// </summary>
internal sealed record FirstPass(NoiseModel Noise, bool[] Excluded)
{
    /// <summary>The one-step errors alone: what auto-detection compares.</summary>
    public static double[] Errors(TrainingSet training, AnomalySeasonality seasonality) =>
        Errors(training, seasonality, Profile(training, seasonality)).Errors;

    public static FirstPass Run(TrainingSet training, AnomalySeasonality seasonality)
    {
        var (slots, coarse) = (training.Slots(seasonality), training.CoarseSlots(seasonality));
        var profile = Profile(training, seasonality);
        var (errors, levels) = Errors(training, seasonality, profile);
        var own = profile.Residuals(training.Scaled, slots, coarse, new bool[training.Count], leaveOneOut: false);
        var validErrors = new List<double>(training.Count);
        var rates = new List<double>(training.Count);
        for (var j = 0; j < errors.Length; j++)
        {
            if (double.IsFinite(errors[j]))
            {
                validErrors.Add(errors[j]);
                rates.Add(Scale.From(training.Kind, profile.Median(slots[j], coarse[j]) + levels[j]));
            }
        }

        var noise = NoiseModel.Fit(training.Kind == AnomalyValueKind.Count, validErrors, rates);
        var excluded = new bool[training.Count];
        for (var j = 0; j < excluded.Length; j++)
        {
            var sigma = noise.LogSigma(Scale.From(training.Kind, profile.Median(slots[j], coarse[j]) + levels[j]));
            excluded[j] = Math.Abs(own[j] - levels[j]) > SeasonalModel.ExclusionSigmas * sigma;
        }

        return new FirstPass(noise, excluded);
    }

    private static SlotProfile Profile(TrainingSet training, AnomalySeasonality seasonality) =>
        SlotProfile.Build(training.Scaled, training.Slots(seasonality), training.CoarseSlots(seasonality), new bool[training.Count]);

    private static (double[] Errors, double[] Levels) Errors(TrainingSet training, AnomalySeasonality seasonality, SlotProfile profile)
    {
        var leaveOneOut = profile.Residuals(training.Scaled, training.Slots(seasonality), training.CoarseSlots(seasonality), new bool[training.Count], leaveOneOut: true);
        var levels = TrailingMedians(leaveOneOut, training.LevelWindow);
        var errors = new double[training.Count];
        for (var j = 0; j < errors.Length; j++)
        {
            errors[j] = leaveOneOut[j] - levels[j];
        }

        return (errors, levels);
    }

    /// <summary>For each bucket, the median of the previous <paramref name="window"/> finite values (NaN before three).</summary>
    private static double[] TrailingMedians(double[] values, int window)
    {
        var medians = new double[values.Length];
        var recent = new Queue<double>(window);
        var scratch = new double[window];
        for (var j = 0; j < values.Length; j++)
        {
            medians[j] = double.NaN;
            if (recent.Count >= 3)
            {
                recent.CopyTo(scratch, 0);
                medians[j] = RobustStats.MedianInPlace(scratch.AsSpan(0, recent.Count));
            }

            if (!double.IsFinite(values[j]))
            {
                continue;
            }

            if (recent.Count == window)
            {
                recent.Dequeue();
            }

            recent.Enqueue(values[j]);
        }

        return medians;
    }
}
