using System.Text;
using System.Text.RegularExpressions;

namespace CustomerData.Benchmarks.Report;

/// <summary>
/// Puts the items of a partial run (--items) into an existing BENCHMARKS.md: their summary rows and their sections are
/// replaced (or inserted in item order); every other item, the machine table and the closing notes stay as they were.
/// The header comes from the new text, so its description of the command stays current.
/// </summary>
internal static partial class ReportMerge
{
    public static string Merge(string existing, string partial, IReadOnlySet<int> items)
    {
        var old = Sections.Parse(existing);
        var fresh = Sections.Parse(partial);
        var text = new StringBuilder(fresh.Header);
        foreach (var (title, body) in old.Parts)
        {
            if (title == "## Summary")
            {
                text.Append(title).Append('\n').Append(SummaryOf(body, fresh.Body("## Summary"), items));
            }
            else if (ItemNumber(title) is not { } number || !items.Contains(number))
            {
                text.Append(title).Append('\n').Append(body);
            }
        }

        var merged = Sections.Parse(text.ToString());
        var parts = merged.Parts.ToList();
        foreach (var part in fresh.Parts.Where(p => ItemNumber(p.Title) is { } n && items.Contains(n)))
        {
            var number = ItemNumber(part.Title)!.Value;
            var at = parts.FindIndex(p => ItemNumber(p.Title) > number || p.Title.StartsWith("## What", StringComparison.Ordinal));
            parts.Insert(at < 0 ? parts.Count : at, part);
        }

        return merged.Header + string.Concat(parts.Select(p => p.Title + "\n" + p.Body));
    }

    private static string SummaryOf(string oldBody, string freshBody, IReadOnlySet<int> items)
    {
        var oldRows = Rows(oldBody).Where(r => !items.Contains(r.Number));
        var rows = oldRows.Concat(Rows(freshBody)).OrderBy(r => r.Number).Select(r => r.Line);
        var lines = oldBody.Split('\n');
        var head = lines.TakeWhile(l => !SummaryRow().IsMatch(l));
        var tail = lines.SkipWhile(l => !SummaryRow().IsMatch(l)).SkipWhile(l => SummaryRow().IsMatch(l));
        return string.Join('\n', head.Concat(rows).Concat(tail));
    }

    private static IEnumerable<(int Number, string Line)> Rows(string body) =>
        body.Split('\n').Select(l => SummaryRow().Match(l)).Where(m => m.Success).Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Value));

    private static int? ItemNumber(string title) =>
        ItemTitle().Match(title) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^\| (\d+) \|.*$")]
    private static partial Regex SummaryRow();

    [GeneratedRegex(@"^## (\d+)\. ")]
    private static partial Regex ItemTitle();

    private sealed record Sections(string Header, IReadOnlyList<(string Title, string Body)> Parts)
    {
        public string Body(string title) => Parts.FirstOrDefault(p => p.Title == title).Body ?? string.Empty;

        // A part is a "## " line and everything up to the next one; the header is what comes before the first.
        public static Sections Parse(string text)
        {
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            var header = new StringBuilder();
            var parts = new List<(string, string)>();
            string? title = null;
            var body = new StringBuilder();
            foreach (var line in lines.Take(lines.Length - 1).Append(lines[^1].Length > 0 ? lines[^1] : null).OfType<string>())
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    if (title is not null)
                    {
                        parts.Add((title, body.ToString()));
                    }

                    title = line;
                    body.Clear();
                }
                else
                {
                    (title is null ? header : body).Append(line).Append('\n');
                }
            }

            if (title is not null)
            {
                parts.Add((title, body.ToString()));
            }

            return new Sections(header.ToString(), parts);
        }
    }
}
