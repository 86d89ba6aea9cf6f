using System.Text;

namespace CustomerData.Checks.Engine;

/// <summary>
/// Caps the text a result carries before anything stores or sends it: a database error can be as long as the data it
/// quotes, and a check's SQL as long as its filter.
/// </summary>
public static class TextCap
{
    /// <summary>Most UTF-8 bytes of a result's message, marker included.</summary>
    public const int MessageBytes = 2048;

    /// <summary>Most UTF-8 bytes of a result's query, marker included.</summary>
    public const int QueryBytes = 4096;

    /// <summary>The message, cut to <see cref="MessageBytes"/> and marked "… [cut N characters]".</summary>
    public static string Message(string text) => Cut(text, MessageBytes, cut => $"… [cut {cut} characters]");

    /// <summary>The query, cut to <see cref="QueryBytes"/> and marked on a line of its own "-- [cut: N more characters]".</summary>
    public static string Query(string text) => Cut(text, QueryBytes, cut => $"\n-- [cut: {cut} more characters]");

    private static string Cut(string text, int maxBytes, Func<int, string> marker)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        // The marker is sized for the largest count it could show, so the result never passes maxBytes.
        var room = maxBytes - Encoding.UTF8.GetByteCount(marker(text.Length));
        int kept = 0, bytes = 0;
        while (kept < text.Length)
        {
            var step = char.IsHighSurrogate(text[kept]) && kept + 1 < text.Length && char.IsLowSurrogate(text[kept + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(kept, step));
            if (bytes + size > room)
            {
                break;
            }

            bytes += size;
            kept += step;
        }

        return text[..kept] + marker(text.Length - kept);
    }
}
