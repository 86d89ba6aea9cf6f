using System.Globalization;
using System.Text;
using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// A failed-row sample as one mrkdwn section: a header line, then the rows as an aligned table in a code block. Every
/// value is escaped for Slack and kept on one line; personal data shows as "(pii)" (it was never read); rows that do
/// not fit <see cref="MessageBudget.Sample"/> are cut whole and counted.
/// </summary>
public static class SampleText
{
    /// <summary>The section text, or "" when the result has no sample.</summary>
    public static string For(RowSample? sample)
    {
        if (sample is null)
        {
            return string.Empty;
        }

        if (sample.Error is { } error)
        {
            return "*Failed rows*: " + SlackText.Escape(error, MessageBudget.Field);
        }

        var pii = sample.PiiColumns.Count == 0 ? string.Empty : $"; {string.Join(", ", sample.PiiColumns)} withheld as personal data";
        var head = $"*Failed rows* ({Count(sample.Rows.Count)} shown{SlackText.Escape(pii, MessageBudget.Name)})";
        if (sample.Rows.Count == 0)
        {
            return head + ": none matched when the sample was read";
        }

        var cells = sample.Rows.Select(row => sample.Columns.Select((column, i) => sample.IsPii(column) ? "(pii)" : Cell(i < row.Count ? row[i] : null)).ToList()).ToList();
        var header = sample.Columns.Select(c => SlackText.Escape(c, MessageBudget.Name)).ToList();
        var widths = header.Select((name, i) => Math.Min(40, cells.Select(r => r[i].Length).Append(name.Length).Max())).ToList();
        var table = new StringBuilder(Line(header, widths));
        var shown = 0;
        foreach (var row in cells)
        {
            var line = Line(row, widths);
            if (table.Length + line.Length + 1 > MessageBudget.Sample - head.Length - 60)
            {
                break;
            }

            table.Append('\n').Append(line);
            shown++;
        }

        if (shown < cells.Count)
        {
            table.Append('\n').Append(CultureInfo.InvariantCulture, $"… [cut: {Count(cells.Count - shown)} more rows]");
        }

        var body = table.ToString();
        return head + "\n```" + body + (body.EndsWith('`') ? "\u200b" : string.Empty) + "```";
    }

    // One line per value: control characters become visible escapes, then Slack's own escaping applies.
    private static string Cell(string? value)
    {
        if (value is null)
        {
            return "NULL";
        }

        var inline = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            inline.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return SlackText.Escape(inline.ToString(), MessageBudget.Field);
    }

    private static string Line(List<string> values, List<int> widths) =>
        string.Join(" | ", values.Select((v, i) => i + 1 < values.Count ? v.PadRight(widths[i]) : v)).TrimEnd();

    private static string Count(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
