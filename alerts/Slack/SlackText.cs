namespace CustomerData.Alerts.Slack;

/// <summary>Makes text from data or errors safe for Slack mrkdwn: no pings, no links, no broken code blocks.</summary>
public static class SlackText
{
    /// <summary>Escapes &amp;, &lt; and &gt; (so "&lt;!channel&gt;" cannot ping anyone) and breaks up ``` fences.</summary>
    public static string Escape(string? text) =>
        (text ?? string.Empty)
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("```", "`\u200b`\u200b`", StringComparison.Ordinal);
}
