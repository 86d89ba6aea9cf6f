using System.Globalization;
using System.Text;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// Makes text from data, errors or checks.json safe for Slack mrkdwn: no pings (&lt;!channel&gt;, &lt;@U…&gt;,
/// &lt;#C…&gt; become inert), no links, no broken code blocks; and cuts it to a budget with a marker saying how much
/// was left out, never inside an entity or a surrogate pair.
/// </summary>
public static class SlackText
{
    /// <summary>Escapes &amp;, &lt; and &gt; and breaks up runs of backticks, so no ``` can open or close a code block.</summary>
    public static string Escape(string? text) => Escape(text, int.MaxValue);

    /// <summary>Escapes, then cuts to <paramref name="budget"/> characters ending "… [cut: N more characters]".</summary>
    public static string Escape(string? text, int budget) =>
        Cut(text ?? string.Empty, budget, left => $"… [cut: {Count(left)} more characters]");

    /// <summary>
    /// The inside of a ```code block```: escaped, cut to the budget with a SQL comment as marker, and never starting
    /// or ending with a backtick, which would merge with the fence.
    /// </summary>
    public static string Code(string? text, int budget)
    {
        var body = Cut(text ?? string.Empty, budget - 2, left => $"\n-- [cut: {Count(left)} more characters]");
        if (body.StartsWith('`'))
        {
            body = "\u200b" + body;
        }

        return body.EndsWith('`') ? body + "\u200b" : body;
    }

    /// <summary>
    /// A mrkdwn link &lt;url|text&gt;: the text escaped like any other, the URL with &amp; written &amp;amp; (Slack's
    /// own form). A URL holding &lt;, &gt;, | or white space would end the link early, so it is never linked: the text
    /// alone comes back. (report_url is validated at load and check names are percent-encoded, so that is a guard.)
    /// </summary>
    public static string Link(string? url, string text, int budget = int.MaxValue)
    {
        var label = Escape(text, budget);
        return url is null || url.Any(c => c is '<' or '>' or '|' || char.IsWhiteSpace(c) || char.IsControl(c))
            ? label
            : $"<{url.Replace("&", "&amp;", StringComparison.Ordinal)}|{label}>";
    }

    private static string Count(int characters) => characters.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Cut(string text, int budget, Func<int, string> marker)
    {
        var whole = EscapeRange(text, text.Length, int.MaxValue).Text;
        if (whole.Length <= budget)
        {
            return whole;
        }

        // Reserve room for the longest marker this text could need, then take whole characters until it is full.
        var (kept, consumed) = EscapeRange(text, text.Length, budget - marker(text.Length).Length);
        return kept + marker(text.Length - consumed);
    }

    private static (string Text, int Consumed) EscapeRange(string text, int length, int budget)
    {
        var output = new StringBuilder(Math.Min(length + 16, Math.Max(budget, 0)));
        var i = 0;
        while (i < length)
        {
            var piece = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '`' when i > 0 && text[i - 1] == '`' => "\u200b`",
                _ when char.IsHighSurrogate(text[i]) && i + 1 < length => text.Substring(i, 2),
                _ => null,
            };
            var size = piece?.Length ?? 1;
            if (output.Length + size > budget)
            {
                break;
            }

            if (piece is null)
            {
                output.Append(text[i]);
            }
            else
            {
                output.Append(piece);
            }

            i += piece is { Length: 2 } && char.IsHighSurrogate(piece[0]) ? 2 : 1;
        }

        return (output.ToString(), i);
    }
}
