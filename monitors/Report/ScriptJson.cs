using System.Buffers;

namespace CustomerData.Monitors.Report;

/// <summary>
/// JSON string literals for a `&lt;script type="application/json"&gt;` block. Hand-written because the block must not
/// hold `&lt;` (so neither `&lt;/script` nor `&lt;!--` can end or change it), while HTML entities already in the text
/// (`&amp;lt;`, `&amp;quot;`) stay readable as written; System.Text.Json's encoders either escape `&amp;` and quotes too
/// (every chart's markup six times longer in places) or leave `&lt;` raw.
/// </summary>
internal static class ScriptJson
{
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\"\\<\u2028\u2029" + new string([.. Enumerable.Range(0, 32).Select(c => (char)c)]));

    public static void String(TextWriter writer, string? text)
    {
        writer.Write('"');
        if (text is not null)
        {
            Escaped(writer, text.AsSpan());
        }

        writer.Write('"');
    }

    private static void Escaped(TextWriter writer, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var at = text.IndexOfAny(Special);
            if (at < 0)
            {
                writer.Write(text);
                return;
            }

            writer.Write(text[..at]);
            writer.Write(text[at] switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '<' => "\\u003c",
                var c => $"\\u{(int)c:x4}",
            });
            text = text[(at + 1)..];
        }
    }
}
