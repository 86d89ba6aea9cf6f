using System.Globalization;
using System.Text;

namespace CustomerData.Checks.Loading;

/// <summary>
/// Characters that change how text reads without being seen: C0 and C1 controls (newline, tab, NUL...),
/// the Unicode line and paragraph separators and the bidirectional controls. A name holding one could break a
/// shell command, a log line or a Slack message apart, or make it read backwards.
/// </summary>
internal static class PrintableText
{
    /// <summary>The index of the first such character, or -1.</summary>
    public static int IndexOfHidden(string? text)
    {
        if (text is null)
        {
            return -1;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (IsHidden(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>The text with each hidden character written as \uXXXX, so a message stays on one line and shows it.</summary>
    public static string Escape(string text)
    {
        if (IndexOfHidden(text) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(IsHidden(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c);
        }

        return escaped.ToString();
    }

    /// <summary>A problem if <paramref name="value"/> holds a hidden character: which, and where (1-based, in characters).</summary>
    internal static ConfigProblem? Check(string? value, string path, string what)
    {
        var at = IndexOfHidden(value);
        if (at < 0)
        {
            return null;
        }

        var c = value![at];
        return new ConfigProblem(
            path,
            string.Create(CultureInfo.InvariantCulture, $"{what} \"{Escape(value)}\" holds the control character U+{(int)c:X4} ({Name(c)}) at character {at + 1}"),
            "remove it: names reach SQL, shell commands, logs, Slack and Datadog, where an invisible or line-breaking character changes what they say");
    }

    private static string Name(char c) => c switch
    {
        '\0' => "NUL",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u001B' => "escape",
        '\u2028' => "line separator",
        '\u2029' => "paragraph separator",
        '\u202E' => "right-to-left override",
        '\u202D' => "left-to-right override",
        '\u202A' or '\u202B' => "bidirectional embedding",
        '\u202C' => "pop directional formatting",
        '\u2066' or '\u2067' or '\u2068' => "bidirectional isolate",
        '\u2069' => "pop directional isolate",
        '\u061C' or '\u200E' or '\u200F' => "bidirectional mark",
        _ => "control character",
    };
}
