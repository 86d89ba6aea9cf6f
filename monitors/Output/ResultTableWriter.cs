using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Output;

/// <summary>
/// The readable form of a run: a table of status, check, observed, expected and duration, then what is wrong, then the
/// summary line. Given a width, the table fits it: EXPECTED (the longest cell) wraps at word boundaries onto
/// continuation lines. Colour (the status words) is for terminals only.
/// </summary>
internal static class ResultTableWriter
{
    private const string Separator = "  ";

    private const string MutedMark = " (muted)";

    private static readonly string[] Headers = ["STATUS", "CHECK", "OBSERVED", "EXPECTED", "DURATION"];

    public static void Write(TextWriter output, IReadOnlyList<CheckResult> results, TimeSpan elapsed, TableStyle? style = null)
    {
        style ??= TableStyle.Plain;
        var rows = results.Select(r => new[]
        {
            r.Status.ToString().ToUpperInvariant(),
            r.Check.Name + (style.Muted.Contains(r.Check.Name) ? MutedMark : string.Empty),
            r.Observed,
            r.Expected,
            Checks.Definitions.Duration.Format(r.Duration),
        }).ToList();
        var widths = Headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        if (style.Width is { } width)
        {
            // Everything but EXPECTED keeps its width; EXPECTED takes what is left, never under its header's width.
            var others = widths.Sum() - widths[3] + (Separator.Length * (Headers.Length - 1));
            var target = Math.Max(width, TableStyle.MinimumWidth);
            widths[3] = Math.Min(widths[3], Math.Max(Headers[3].Length + 12, target - others));
        }

        output.WriteLine(Line(Headers, widths, null));
        foreach (var row in rows)
        {
            var expected = Wrap(row[3], widths[3]);
            output.WriteLine(Line([row[0], row[1], row[2], expected[0], row[4]], widths, style.Colour ? row[0] : null));
            foreach (var more in expected.Skip(1))
            {
                output.WriteLine(Line(["", "", "", more, ""], widths, null));
            }
        }

        var problems = results.Where(r => r.Status != CheckStatus.Ok).ToList();
        if (problems.Count > 0)
        {
            output.WriteLine();
            foreach (var result in problems)
            {
                var status = result.Status.ToString().ToUpperInvariant();
                output.WriteLine($"{(style.Colour ? Coloured(status, status) : status)} {result.Check.Name}: {result.Message}");
            }
        }

        output.WriteLine();
        output.WriteLine(Summary(results, elapsed));
    }

    /// <summary>"8 checks: 4 ok, 2 warning, 2 critical, 0 unknown (1s)"; one check is "1 check".</summary>
    public static string Summary(IReadOnlyList<CheckResult> results, TimeSpan elapsed)
    {
        var counts = string.Join(", ", Enum.GetValues<CheckStatus>().Select(s => $"{results.Count(r => r.Status == s)} {s.ToString().ToLowerInvariant()}"));
        var noun = results.Count == 1 ? "check" : "checks";
        return $"{results.Count} {noun}: {counts} ({Checks.Definitions.Duration.Format(elapsed)})";
    }

    /// <summary>The text in lines of at most <paramref name="width"/> characters, broken after spaces where it can.</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var rest = text;
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOf(' ', width);
            var (line, next) = cut > 0 ? (rest[..cut], rest[(cut + 1)..]) : (rest[..width], rest[width..]);
            lines.Add(line.TrimEnd());
            rest = next.TrimStart();
        }

        lines.Add(rest);
        return lines;
    }

    private static string Line(string[] cells, int[] widths, string? colourStatus)
    {
        var text = string.Join(Separator, cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd();
        return colourStatus is null ? text : Coloured(colourStatus, cells[0]) + text[cells[0].Length..];
    }

    // ANSI SGR colours: the status word only, so the rest of the line stays plain for copying.
    private static string Coloured(string status, string text) => status switch
    {
        "OK" => $"\u001b[32m{text}\u001b[0m",
        "WARNING" => $"\u001b[33m{text}\u001b[0m",
        "CRITICAL" => $"\u001b[31m{text}\u001b[0m",
        _ => $"\u001b[35m{text}\u001b[0m",
    };
}
