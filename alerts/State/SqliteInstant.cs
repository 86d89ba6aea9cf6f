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

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
