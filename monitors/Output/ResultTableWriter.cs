using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Output;

/// <summary>The readable form of a run: a table of status, check, observed, expected and duration, then what is wrong.</summary>
internal static class ResultTableWriter
{
    private static readonly string[] Headers = ["STATUS", "CHECK", "OBSERVED", "EXPECTED", "DURATION"];

    public static void Write(TextWriter output, IReadOnlyList<CheckResult> results, TimeSpan elapsed)
    {
        var rows = results.Select(r => new[]
        {
            r.Status.ToString().ToUpperInvariant(),
            r.Check.Name,
            r.Observed,
            r.Expected,
            Checks.Definitions.Duration.Format(r.Duration),
        }).ToList();
        var widths = Headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        output.WriteLine(Line(Headers, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }

        var problems = results.Where(r => r.Status != CheckStatus.Ok).ToList();
        if (problems.Count > 0)
        {
            output.WriteLine();
            foreach (var result in problems)
            {
                output.WriteLine($"{result.Status.ToString().ToUpperInvariant()} {result.Check.Name}: {result.Message}");
            }
        }

        output.WriteLine();
        var counts = string.Join(", ", Enum.GetValues<CheckStatus>().Select(s => $"{results.Count(r => r.Status == s)} {s.ToString().ToLowerInvariant()}"));
        output.WriteLine($"{results.Count} checks: {counts} ({Checks.Definitions.Duration.Format(elapsed)})");
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd();
}
