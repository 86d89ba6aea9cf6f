using System.Globalization;

namespace CustomerData.Checks.Sql;

/// <summary>The parts of literal spelling the dialects share: instants in UTC to the microsecond, numbers invariant.</summary>
internal static class SqlLiterals
{
    public static string UtcText(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Number(object value) => value switch
    {
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double number when double.IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"no SQL literal for a {value.GetType().Name}"),
    };
}
