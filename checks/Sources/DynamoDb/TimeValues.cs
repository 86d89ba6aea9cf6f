using System.Globalization;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Reads and writes time attributes in the format a check names, the same way a filter expression compares them.</summary>
internal static class TimeValues
{
    private const decimal MicrosPerSecond = 1_000_000m;

    /// <summary>The instant an attribute holds, as epoch microseconds; false when it is absent, NULL, or not in the format.</summary>
    public static bool TryEpochMicros(AttributeValue? value, TimeFormat format, out long micros)
    {
        micros = 0;
        if (format == TimeFormat.Iso8601)
        {
            if (value?.S is not { } text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant))
            {
                return false;
            }

            micros = (instant - DateTimeOffset.UnixEpoch).Ticks / 10;
            return true;
        }

        if (value?.N is not { } number || !decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var scaled = format == TimeFormat.EpochSeconds ? amount * MicrosPerSecond : amount * 1000m;
        if (scaled is < -62_135_596_800_000_000m or > 253_402_300_799_999_999m)
        {
            return false;
        }

        micros = (long)decimal.Truncate(scaled);
        return true;
    }

    /// <summary>An instant as a filter-expression operand: UTC text with milliseconds (as JavaScript's toISOString writes it), or a number.</summary>
    public static AttributeValue Operand(DateTimeOffset instant, TimeFormat format)
    {
        var micros = (decimal)((instant - DateTimeOffset.UnixEpoch).Ticks / 10);
        return format switch
        {
            TimeFormat.Iso8601 => new AttributeValue { S = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) },
            TimeFormat.EpochSeconds => new AttributeValue { N = (micros / MicrosPerSecond).ToString(CultureInfo.InvariantCulture) },
            _ => new AttributeValue { N = (micros / 1000m).ToString(CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>How the format reads in notes ("epoch_millis").</summary>
    public static string Name(TimeFormat format) => format switch
    {
        TimeFormat.Iso8601 => "iso8601",
        TimeFormat.EpochSeconds => "epoch_seconds",
        _ => "epoch_millis",
    };
}
