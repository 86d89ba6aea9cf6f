namespace CustomerData.Benchmarks.Report;

/// <summary>
/// Replaces the sections and summary rows of the items just run in an existing BENCHMARKS.md, keeping the others
/// (<c>--update</c>), so one item can be rerun without the whole suite. The machine table stays the full run's.
/// </summary>
internal static class ReportSections
{
    private const string Closing = "## What these numbers do not cover";

    public static string Update(string existing, BenchmarkRun run)
    {
        var fresh = ReportWriter.Write(run).Split('\n').ToList();
        var lines = existing.TrimEnd('\n').Split('\n').ToList();
        foreach (var item in run.Items)
        {
            var prefix = $"| {item.Number} |";
            var rows = fresh.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var summary = lines.IndexOf("## Summary");
            var tableStart = lines.FindIndex(summary, l => l.StartsWith("| ---", StringComparison.Ordinal)) + 1;
            var tableEnd = lines.FindIndex(tableStart, l => !l.StartsWith('|'));
            for (var i = tableEnd - 1; i >= tableStart; i--)
            {
                if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
                {
                    lines.RemoveAt(i);
                    tableEnd--;
                }
            }

            var at = tableStart;
            while (at < tableEnd && RowNumber(lines[at]) <= item.Number)
            {
                at++;
            }

            lines.InsertRange(at, rows);

            var section = Section(fresh, item.Number);
            var old = lines.FindIndex(l => l.StartsWith($"## {item.Number}. ", StringComparison.Ordinal));
            if (old >= 0)
            {
                var end = lines.FindIndex(old + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
                lines.RemoveRange(old, (end < 0 ? lines.Count : end) - old);
                lines.InsertRange(old, section);
            }
            else
            {
                var closing = lines.FindIndex(l => l == Closing);
                lines.InsertRange(closing < 0 ? lines.Count : closing, section);
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static List<string> Section(List<string> fresh, int number)
    {
        var start = fresh.FindIndex(l => l.StartsWith($"## {number}. ", StringComparison.Ordinal));
        var end = fresh.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return fresh.GetRange(start, end - start);
    }

    private static int RowNumber(string line) =>
        int.TryParse(line.Split('|', StringSplitOptions.TrimEntries)[1], out var number) ? number : -1;
}
