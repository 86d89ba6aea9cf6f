using System.Globalization;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Kinds;

/// <summary>Writes thresholds and values the same way in every message.</summary>
internal static class ThresholdText
{
    public static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A number as measured: thousands separated, up to six decimals (0.1234, 1,250.5).</summary>
    public static string Number(double value) => value.ToString("#,0.######", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.####", CultureInfo.InvariantCulture) + " (" + (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%)";

    public static string Bounds(string level, Bounds? bounds, Func<double, string> format)
    {
        if (bounds is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        if (bounds.Min is { } min)
        {
            parts.Add($"{level} below {format(min)}");
        }

        if (bounds.Max is { } max)
        {
            parts.Add($"{level} above {format(max)}");
        }

        return string.Join(", ", parts);
    }

    public static string Join(params string[] parts) => string.Join("; ", parts.Where(p => p.Length > 0));
}
