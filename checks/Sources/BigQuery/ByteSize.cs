using System.Globalization;
using System.Text.RegularExpressions;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>Reads "10GB", "500MiB" or "1000000" as bytes, and writes byte counts for people.</summary>
internal static partial class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? null : Text().Match(text.Trim());
        if (match is not { Success: true } || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "KB" => 1_000L,
            "MB" => 1_000_000L,
            "GB" => 1_000_000_000L,
            "TB" => 1_000_000_000_000L,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            _ => 1L << 40,
        };
        if (amount <= 0 || amount > long.MaxValue / unit)
        {
            return false;
        }

        bytes = amount * unit;
        return true;
    }

    /// <summary>"10,485,760 bytes (10 MiB)": the exact count first, so numbers in messages can be compared.</summary>
    public static string Describe(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes:#,0} bytes ({Short(bytes)})");

    /// <summary>"10 MiB", "1.5 GiB": binary units, as BigQuery's pricing counts them.</summary>
    public static string Short(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var unit = 0;
        while (Math.Abs(bytes) >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return bytes.ToString(unit == 0 ? "0" : "0.##", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>What on-demand pricing bills for bytes read: rounded up to the MiB, at least 10 MiB per query that reads anything.</summary>
    public static long OnDemandBilled(long processed)
    {
        const long MiB = 1L << 20;
        return processed <= 0 ? 0 : Math.Max(10 * MiB, (processed + MiB - 1) / MiB * MiB);
    }

    [GeneratedRegex("^([0-9]+)\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Text();
}
