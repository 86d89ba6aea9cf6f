using System.Globalization;

namespace CustomerData.Benchmarks.Report;

/// <summary>Medians, percentiles and the number formats the report uses (invariant culture).</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.</summary>
    public static double Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Milliseconds(long startTimestamp, long endTimestamp) =>
        (endTimestamp - startTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

    public static string Ms(double milliseconds) => milliseconds switch
    {
        >= 100 => milliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms",
        >= 10 => milliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms",
        _ => milliseconds.ToString("N2", CultureInfo.InvariantCulture) + " ms",
    };

    public static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("N2", CultureInfo.InvariantCulture) + " s";

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value, int decimals) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";

    public static string Ratio(double value) => value.ToString("N2", CultureInfo.InvariantCulture) + "x";
}
