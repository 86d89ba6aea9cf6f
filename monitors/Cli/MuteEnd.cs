using System.Globalization;
using CustomerData.Checks.Definitions;

namespace CustomerData.Monitors.Cli;

/// <summary>
/// When a mute ends, from --for or --until: exactly one of them, an --until in the future with its offset written (a
/// time without Z or an offset would depend on the machine's zone), a --for in the duration form.
/// </summary>
internal static class MuteEnd
{
    public const string Usage = "say how long: --for 2h, or --until 2026-12-01T09:00:00Z";

    public static (DateTimeOffset End, string? Problem) Of(string? forText, string? untilText, DateTimeOffset now)
    {
        if (forText is not null && untilText is not null)
        {
            return (default, "give --for or --until, not both: " + Usage);
        }

        if (untilText is not null)
        {
            return Until(untilText, now);
        }

        if (forText is null)
        {
            return (default, Usage);
        }

        var parsed = Duration.TryParseUnbounded(forText, out var span, out var tooLong);
        if (tooLong || (parsed && span.Value > Duration.Longest))
        {
            return (default, $"--for {forText} is longer than the {Duration.LongestText} limit");
        }

        return parsed ? (now + span.Value, null) : (default, $"--for {forText}: not a duration such as 90s, 15m, 2h, 1d or 1h30m");
    }

    private static (DateTimeOffset End, string? Problem) Until(string text, DateTimeOffset now)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            return (default, $"--until {text}: not an ISO 8601 instant such as 2026-12-01T09:00:00Z");
        }

        if (local.Kind == DateTimeKind.Unspecified)
        {
            return (default, $"--until {text} has no time zone: add Z for UTC or an offset, such as {text}Z or {text}+01:00");
        }

        if (end <= now)
        {
            return (default, $"--until {text} is in the past (now is {now.ToUniversalTime():yyyy-MM-dd HH:mm} UTC): give a later time, or --for 2h");
        }

        return end - now > Duration.Longest
            ? (default, $"--until {text} is more than {Duration.LongestText} away")
            : (end, null);
    }
}
