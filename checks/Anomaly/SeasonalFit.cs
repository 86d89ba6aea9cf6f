namespace CustomerData.Checks.Anomaly;

/// <summary>The fitted model for one bucket, on the model's scale (see <see cref="Scale"/>).</summary>
/// <param name="Expected">Seasonal profile of the bucket's slot plus the recent level.</param>
/// <param name="LongRun">The same with the level of the last week (four level windows at least): a value back at it is no anomaly.</param>
/// <param name="Noise">The noise around it, fitted on the one-step errors of the training buckets that were not anomalous.</param>
/// <param name="Excluded">Training buckets left out as anomalous (they shape neither the profile, the level nor the noise).</param>
internal sealed record SeasonalFit(double Expected, double LongRun, NoiseModel Noise, int Excluded)
{
    /// <summary>The test of a shift held over the last buckets, when there is history enough for it.</summary>
    public SustainedTest? Sustained { get; init; }
}
