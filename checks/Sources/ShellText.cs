namespace CustomerData.Checks.Sources;

/// <summary>Values written into commands and comments that people paste into a shell: quoted, and kept on one line.</summary>
internal static class ShellText
{
    /// <summary>POSIX shell single quotes: nothing inside is special (newlines, $(...), backticks) except the quote, written '\''.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The text with every control character written as \uXXXX, for comment lines: a comment ends at a newline whatever
    /// its quotes, so a value holding one could otherwise start a command line of its own.
    /// </summary>
    public static string Inline(string text) =>
        text.Any(IsLineBreaking) ? string.Concat(text.Select(c => IsLineBreaking(c) ? $"\\u{(int)c:X4}" : c.ToString())) : text;

    private static bool IsLineBreaking(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
