namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The noise of a bucket around its expected value. For counts: Poisson noise plus an overdispersion
/// <see cref="Alpha"/> (variance λ + αλ²), so a bucket expecting 20 rows gets a wider band, relatively, than one expecting
/// 2,000; α is fitted so the training errors, each scaled by its own expected noise, have the spread of normal noise.
/// For other numbers: one spread, α = σ².
/// </summary>
internal readonly record struct NoiseModel(double Alpha, bool Counts)
{
    /// <summary>The median of |z| for standard normal z.</summary>
    private const double NormalMedianAbs = 0.6745;

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

        var scratch = new double[errors.Count];
        double MedianScaled(double alpha)
        {
            for (var i = 0; i < scratch.Length; i++)
            {
                var variance = alpha + PoissonLogVariance(rates[i]);
                scratch[i] = variance > 0 ? Math.Abs(errors[i]) / Math.Sqrt(variance) : errors[i] == 0 ? 0 : double.PositiveInfinity;
            }

            return RobustStats.MedianInPlace(scratch);
        }

        if (MedianScaled(0) <= NormalMedianAbs)
        {
            return new NoiseModel(0, counts);
        }

        // The scaled median falls as α grows: bisect on log α.
        double low = Math.Log(1e-8), high = Math.Log(Math.Max(1e-6, errors.Max(e => e * e) * 4));
        for (var i = 0; i < 30; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = MedianScaled(Math.Exp(middle)) > NormalMedianAbs ? (middle, high) : (low, middle);
        }

        return new NoiseModel(Math.Exp(high), counts);
    }

    private static double PoissonLogVariance(double rate) => rate <= 0 ? 0 : rate / ((rate + 1) * (rate + 1));
}
