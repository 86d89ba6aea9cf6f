namespace CustomerData.Checks.Anomaly;

/// <summary>Medians and median absolute deviations: statistics a minority of anomalies cannot drag.</summary>
internal static class RobustStats
{
    /// <summary>MAD × 1.4826 estimates the standard deviation of normal noise.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median of the values (sorted in place); NaN when there are none.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        values.Sort();
        return MedianOfSorted(values);
    }

    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The median of a sorted list without one occurrence of <paramref name="removed"/> (which it holds); NaN when nothing is left.</summary>
    public static double MedianWithout(ReadOnlySpan<double> sorted, double removed)
    {
        var n = sorted.Length - 1;
        if (n <= 0)
        {
            return double.NaN;
        }

        var at = sorted.BinarySearch(removed);
        at = at < 0 ? ~at : at;
        var upper = sorted[Skip(n / 2, at)];
        return n % 2 == 1 ? upper : (sorted[Skip((n / 2) - 1, at)] + upper) / 2;
    }

    private static int Skip(int index, int removedAt) => index >= removedAt ? index + 1 : index;

    /// <summary>The normal-consistent spread of the values around their median (values reordered); NaN when there are none.</summary>
    public static double Sigma(Span<double> values)
    {
        var median = MedianInPlace(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        return MadToSigma * MedianInPlace(values);
    }
}
