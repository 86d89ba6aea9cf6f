using System.Globalization;

namespace CustomerData.Checks.Sources.BigQuery.Metadata;

/// <summary>The span of time a time partition covers, in UTC, from its id (YYYYMMDD, YYYYMMDDHH, YYYYMM, YYYY).</summary>
internal static class PartitionRanges
{
    public static (DateTimeOffset Start, DateTimeOffset End)? Of(string type, string partitionId)
    {
        var format = type switch { "HOUR" => "yyyyMMddHH", "DAY" => "yyyyMMdd", "MONTH" => "yyyyMM", "YEAR" => "yyyy", _ => null };
        // __NULL__, __UNPARTITIONED__ and the like hold rows outside any span.
        if (format is null || !DateTimeOffset.TryParseExact(partitionId, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            return null;
        }

        var end = type switch { "HOUR" => start.AddHours(1), "DAY" => start.AddDays(1), "MONTH" => start.AddMonths(1), _ => start.AddYears(1) };
        return (start, end);
    }

    /// <summary>Whether an instant falls on a partition boundary: only then can whole partitions add up to a window.</summary>
    public static bool IsBoundary(string type, DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var truncated = type switch
        {
            "HOUR" => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            "DAY" => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            "MONTH" => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        return truncated == utc;
    }
}
