namespace CustomerData.Checks.Anomaly;

/// <summary>
/// Turns a fit into WARNING and CRITICAL ranges, k standard deviations wide with k from the sensitivity. For counts, the
/// wider of two ranges: the overdispersion's on the log scale (a share of the level either way), and the Poisson noise's
/// on the square-root scale (√x varies by ½ for Poisson counts), so a zero where one row an hour is usual stays OK.
/// </summary>
internal static class AnomalyBandWidth
{
    /// <summary>The floor of the overdispersion's spread: 1%, below which no count series is that regular.</summary>
    private const double MinimumCountSigma = 0.01;

    /// <summary>The (warning, critical) widths in standard deviations for a sensitivity.</summary>
    public static (double Warning, double Critical) Sigmas(AnomalySensitivity sensitivity) => sensitivity switch
    {
        AnomalySensitivity.High => (3, 4.5),
        AnomalySensitivity.Low => (5, 8),
        _ => (4, 6),
    };

    public static AnomalyBand Band(SeasonalFit fit, AnomalySettings settings)
    {
        var (warning, critical) = Sigmas(settings.Sensitivity);
        var expected = Scale.From(settings.ValueKind, fit.Expected);
        return new AnomalyBand(expected, Range(fit, settings.ValueKind, expected, warning), Range(fit, settings.ValueKind, expected, critical));
    }

    private static AnomalyRange Range(SeasonalFit fit, AnomalyValueKind kind, double expected, double k)
    {
        var spread = Math.Sqrt(fit.Noise.Alpha);
        if (kind != AnomalyValueKind.Count)
        {
            spread = Math.Max(spread, 1e-9 + (1e-3 * Math.Abs(fit.Expected)));
            return new AnomalyRange(fit.Expected - (k * spread), fit.Expected + (k * spread));
        }

        spread = Math.Max(spread, MinimumCountSigma);
        var root = Math.Sqrt(expected);
        var rootSpread = k * fit.Noise.RootSigma(expected);
        var low = Math.Min(Scale.From(kind, fit.Expected - (k * spread)), Math.Pow(Math.Max(0, root - rootSpread), 2));
        var high = Math.Max(Scale.From(kind, fit.Expected + (k * spread)), Math.Pow(root + rootSpread, 2));
        return new AnomalyRange(low, high);
    }
}
