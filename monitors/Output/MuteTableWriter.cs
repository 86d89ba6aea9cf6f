using CustomerData.Checks.Loading;
using CustomerData.Monitors.Cli;

namespace CustomerData.Monitors.Output;

/// <summary>`mutes`: one line per mute in force, with its end in UTC, the time left, where it is set and why.</summary>
internal static class MuteTableWriter
{
    private static readonly string[] Headers = ["CHECK", "UNTIL (UTC)", "LEFT", "SET IN", "REASON"];

    public static void Write(TextWriter output, IReadOnlyList<ActiveMute> mutes, DateTimeOffset now, string store)
    {
        if (mutes.Count == 0)
        {
            output.WriteLine($"no check is muted ({store}, checks.json)");
            return;
        }

        var rows = mutes.Select(m => new[]
        {
            m.Check,
            m.Until.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            Checks.Definitions.Duration.Format(TimeSpan.FromSeconds(Math.Ceiling((m.Until - now).TotalSeconds))),
            m.InStore ? "mute" : "checks.json",
            m.Reason is null ? "-" : PrintableText.Escape(m.Reason),
        }).ToList();
        var widths = Headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        output.WriteLine(Line(Headers, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }

        output.WriteLine();
        output.WriteLine($"{mutes.Count} {(mutes.Count == 1 ? "mute" : "mutes")} in force ({store}, checks.json)");
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd();
}
