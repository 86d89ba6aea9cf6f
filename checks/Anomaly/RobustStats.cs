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

        if (values.Length <= 32)
        {
            values.Sort();
            return MedianOfSorted(values);
        }

        // Quickselect: the upper middle, then the largest of the lower half for an even count.
        var half = values.Length / 2;
        var upper = Select(values, half);
        if (values.Length % 2 == 1)
        {
            return upper;
        }

        var lower = double.NegativeInfinity;
        foreach (var value in values[..half])
        {
            lower = Math.Max(lower, value);
        }

        return (lower + upper) / 2;
    }

    /// <summary>The k-th smallest value (0-based); reorders the span so smaller values come before it and larger after.</summary>
    private static double Select(Span<double> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            var pivot = values[(left + right) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
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
