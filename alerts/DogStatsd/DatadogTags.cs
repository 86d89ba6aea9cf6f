using System.Text;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// Datadog's tag rules (https://docs.datadoghq.com/getting_started/tagging/#define-tags), applied the way Datadog's own
/// normalizer applies them, so a tag is sent, exported in a monitor and shown by Datadog as the same text.
/// </summary>
/// <remarks>
/// Lowercased; letters (any script), digits, '_', '-', ':', '.' and '/' kept; every other run of characters (with the
/// underscores around it) becomes one '_'; characters before the first letter are dropped ("9lives" is "lives");
/// at most 200 characters; no trailing '_' or ':'. A tag with no letter is empty and is not sent.
/// </remarks>
public static class DatadogTags
{
    /// <summary>Datadog keeps at most this many characters of a tag.</summary>
    public const int MaxLength = 200;

    /// <summary>The tag as Datadog stores it; null when nothing of it is left (no letter).</summary>
    public static string? Normalize(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return null;
        }

        var text = new StringBuilder(Math.Min(tag.Length, MaxLength));
        var length = 0;
        var pendingUnderscore = false;
        foreach (var raw in tag.EnumerateRunes())
        {
            var rune = Rune.ToLowerInvariant(raw);
            if (length == 0 && !Rune.IsLetter(rune))
            {
                continue;
            }

            if (!Kept(rune))
            {
                pendingUnderscore = true;
                continue;
            }

            if (pendingUnderscore)
            {
                if (++length > MaxLength)
                {
                    break;
                }

                text.Append('_');
                pendingUnderscore = false;
            }

            if (++length > MaxLength)
            {
                break;
            }

            text.Append(rune.ToString());
        }

        var end = text.Length;
        while (end > 0 && text[end - 1] is '_' or ':')
        {
            end--;
        }

        return end == 0 ? null : text.ToString(0, end);
    }

    /// <summary>The normalized tags, without the empty ones and without repeats, in their first order.</summary>
    public static string[] NormalizeAll(IEnumerable<string?> tags) =>
        [.. tags.Select(Normalize).OfType<string>().Distinct(StringComparer.Ordinal)];

    // '_' is not kept as such: it joins the run of replaced characters around it, so "a _ b" is "a_b".
    private static bool Kept(Rune rune) =>
        Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value is '-' or ':' or '.' or '/';
}
