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

    /// <summary>
    /// The floor of a share's spread: 0.05 percentage points, so the medium WARNING band reaches at least 0.2 points and
    /// CRITICAL 0.3 around a share that never moved (a key always unique, a column never NULL); a zero tolerance is a
    /// static <c>max</c>.
    /// </summary>
    private const double MinimumShareSigma = 0.0005;

    /// <summary>The (warning, critical) widths in standard deviations for a sensitivity.</summary>
    public static (double Warning, double Critical) Sigmas(AnomalySensitivity sensitivity) => sensitivity switch
    {
        AnomalySensitivity.High => (3, 4.5),
        AnomalySensitivity.Low => (5, 8),
        _ => (4, 6),
    };

    /// <summary>The band around the expected value, stretched to cover the band around the long-run level too.</summary>
    public static AnomalyBand Band(SeasonalFit fit, AnomalySettings settings)
    {
        var (warning, critical) = Sigmas(settings.Sensitivity);
        var expected = Scale.From(settings.ValueKind, fit.Expected);
        return new AnomalyBand(expected, Both(fit, settings.ValueKind, warning), Both(fit, settings.ValueKind, critical));
    }

    private static AnomalyRange Both(SeasonalFit fit, AnomalyValueKind kind, double k)
    {
        var recent = Range(fit.Noise, fit.Expected, kind, k);
        var longRun = Range(fit.Noise, fit.LongRun, kind, k);
        return new AnomalyRange(Math.Min(recent.Low, longRun.Low), Math.Max(recent.High, longRun.High));
    }

    private static AnomalyRange Range(NoiseModel noise, double center, AnomalyValueKind kind, double k)
    {
        var expected = Scale.From(kind, center);
        var spread = Math.Sqrt(noise.Alpha);
        if (kind != AnomalyValueKind.Count)
        {
            spread = Math.Max(spread, 1e-9 + (1e-3 * Math.Abs(center)));
            spread = kind == AnomalyValueKind.Share ? Math.Max(spread, MinimumShareSigma) : spread;
            return new AnomalyRange(center - (k * spread), center + (k * spread));
        }

        spread = Math.Max(spread, MinimumCountSigma);
        var root = Math.Sqrt(expected);
        var rootSpread = k * noise.RootSigma(expected);
        var low = Math.Min(Scale.From(kind, center - (k * spread)), Math.Pow(Math.Max(0, root - rootSpread), 2));
        var high = Math.Max(Scale.From(kind, center + (k * spread)), Math.Pow(root + rootSpread, 2));
        return new AnomalyRange(low, high);
    }
}
