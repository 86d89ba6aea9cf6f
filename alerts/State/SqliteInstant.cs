using System.Globalization;

namespace CustomerData.Alerts.State;

/// <summary>
/// The one text form of an instant in the SQLite stores (alert state, outbox, mutes, history, series): UTC, seven
/// fraction digits and a Z, a fixed width, so comparing and ordering the text in SQL compares the instants, and the
/// sqlite3 shell shows them readably. Older rows written with a +00:00 suffix are read too (and migrated).
/// </summary>
internal static class SqliteInstant
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? Text(DateTimeOffset? time) => time is { } value ? Text(value) : null;

    /// <summary>The instant of a stored text: the fixed-width form without the general parser (a report of 10,000 checks
    /// reads millions of them), any other ISO 8601 form (older rows) with it.</summary>
    public static DateTimeOffset Parse(string text) =>
        TryParseFixed(text, out var instant)
            ? instant
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private const int Length = 28;

    private static bool TryParseFixed(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || text[27] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 7, out var ticks) || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
