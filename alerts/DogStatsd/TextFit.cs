using System.Text;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// Cuts the free text of an event or a service check so that the datagram carrying it fits: at most so many characters
/// (Datadog's own limit) and, once escaped, at most so many UTF-8 bytes (what the packet has left). Every cut ends
/// with <see cref="Marker"/>; the cut falls between characters of the raw text, so it never splits an escape
/// sequence or a surrogate pair.
/// </summary>
internal static class TextFit
{
    public const string Marker = "… (cut)";

    /// <summary>The escaped text, cut when needed; null when not even the marker fits.</summary>
    public static string? Fit(string raw, int maxCharacters, int maxBytes, Func<string, string> escape)
    {
        var escaped = escape(raw);
        if (raw.Length <= maxCharacters && Encoding.UTF8.GetByteCount(escaped) <= maxBytes)
        {
            return escaped;
        }

        var marker = escape(Marker);
        var budget = maxBytes - Encoding.UTF8.GetByteCount(marker);
        if (budget < 0 || maxCharacters < Marker.Length)
        {
            return null;
        }

        // The longest raw prefix whose escaped form fits: escaping only grows text, so the size grows with the prefix.
        var low = 0;
        var high = Math.Min(raw.Length, maxCharacters - Marker.Length);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Encoding.UTF8.GetByteCount(escape(Prefix(raw, middle))) <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return escape(Prefix(raw, low)) + marker;
    }

    // Never ends between the two halves of a surrogate pair.
    private static string Prefix(string raw, int length) =>
        length > 0 && char.IsHighSurrogate(raw[length - 1]) ? raw[..(length - 1)] : raw[..length];
}
