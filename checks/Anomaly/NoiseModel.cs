namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The noise of a bucket around its expected value. For counts: Poisson noise plus an overdispersion
/// <see cref="Alpha"/> (variance λ + αλ²), so a bucket expecting 20 rows gets a wider band, relatively, than one expecting
/// 2,000; α is fitted so the training errors, each scaled by its own expected noise, have the spread of normal noise.
/// α is fitted on the buckets expecting at least <see cref="MinimumFittedRate"/> rows: below that the log scale's
/// Poisson variance is too rough, and a series of zeros, ones and twos would read as wildly overdispersed; a series
/// with too few such buckets is treated as Poisson (α = 0). For other numbers: one spread, α = σ².
/// </summary>
internal readonly record struct NoiseModel(double Alpha, bool Counts)
{
    /// <summary>The median of |z| for standard normal z.</summary>
    private const double NormalMedianAbs = 0.6745;

    private const double MinimumFittedRate = 10;

    private const int MinimumFittedBuckets = 24;

    /// <summary>The standard deviation on the log scale of a count expecting <paramref name="rate"/> (delta method).</summary>
    public double LogSigma(double rate) => Math.Sqrt(Alpha + (Counts ? PoissonLogVariance(rate) : 0));

    /// <summary>The standard deviation of √x for a count expecting <paramref name="rate"/>: ½ for Poisson, more with overdispersion.</summary>
    public double RootSigma(double rate) => Math.Sqrt(0.25 + (Alpha * Math.Max(0, rate) / 4));

    public static NoiseModel Fit(bool counts, IReadOnlyList<double> errors, IReadOnlyList<double> rates)
    {
        if (errors.Count == 0)
        {
            return new NoiseModel(double.NaN, counts);
        }

        if (!counts)
        {
            var sigma = RobustStats.Sigma(errors.ToArray());
            return new NoiseModel(sigma * sigma, counts);
        }

        var fitted = Enumerable.Range(0, errors.Count).Where(i => rates[i] >= MinimumFittedRate).ToArray();
        if (fitted.Length < MinimumFittedBuckets)
        {
            return new NoiseModel(0, counts);
        }

        var scratch = new double[fitted.Length];
        double MedianScaled(double alpha)
        {
            for (var i = 0; i < scratch.Length; i++)
            {
                var (error, rate) = (errors[fitted[i]], rates[fitted[i]]);
                scratch[i] = Math.Abs(error) / Math.Sqrt(alpha + PoissonLogVariance(rate));
            }

            return RobustStats.MedianInPlace(scratch);
        }

        if (MedianScaled(0) <= NormalMedianAbs)
        {
            return new NoiseModel(0, counts);
        }

        // The scaled median falls as α grows: bisect on log α.
        double low = Math.Log(1e-8), high = Math.Log(Math.Max(1e-6, fitted.Max(i => errors[i] * errors[i]) * 4));
        for (var i = 0; i < 24; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = MedianScaled(Math.Exp(middle)) > NormalMedianAbs ? (middle, high) : (low, middle);
        }

        return new NoiseModel(Math.Exp(high), counts);
    }

    /// <summary>Var log(1 + x) ≈ λ/(1 + λ)²; below one row it is taken at one row, so a 1 where 0.2 was expected is no outlier.</summary>
    private static double PoissonLogVariance(double rate) => Math.Max(rate, 1) / ((Math.Max(rate, 1) + 1) * (Math.Max(rate, 1) + 1));
}
