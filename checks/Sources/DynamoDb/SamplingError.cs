using System.Globalization;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>How far a rate estimated from a sample may be from the table's: the 95% Wilson score interval.</summary>
/// <remarks>
/// Wilson rather than the textbook p ± 1.96·√(p(1−p)/n), which claims zero error when the sample holds
/// no NULL at all, exactly the case a NULL-rate check sees most. Without the table's size there is no
/// finite-population correction, so the interval is slightly conservative.
/// </remarks>
internal static class SamplingError
{
    private const double Z = 1.959964;

    /// <summary>The interval's bounds for <paramref name="hits"/> out of <paramref name="sampled"/>.</summary>
    public static (double Low, double High) Wilson(long hits, long sampled)
    {
        if (sampled <= 0)
        {
            return (0, 1);
        }

        var n = (double)sampled;
        var p = hits / n;
        var z2 = Z * Z;
        var center = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }

    /// <summary>"sampled 1,000 items over 20 segments: 4.1%, 95% interval 2.9% to 5.6% (±1.3 points)".</summary>
    public static string Describe(long hits, long sampled, int segments)
    {
        var (low, high) = Wilson(hits, sampled);
        var rate = sampled == 0 ? 0 : (double)hits / sampled;
        var margin = Math.Max(high - rate, rate - low);
        return string.Create(CultureInfo.InvariantCulture, $"estimated from a sample of {sampled:#,0} items over {segments} scan segments: {rate:0.##%}, 95% interval {low:0.##%} to {high:0.##%} (±{margin * 100:0.##} points)");
    }
}
