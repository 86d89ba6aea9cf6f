using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CustomerData.Checks.Definitions;

/// <summary>A length of time written the way engineers write it in checks.json: "90s", "15m", "6h", "2d", "1w" or "1h30m".</summary>
[JsonConverter(typeof(DurationJsonConverter))]
public readonly partial record struct Duration(TimeSpan Value)
{
    /// <summary>The JSON Schema pattern of the text form.</summary>
    public const string Pattern = "^([0-9]+(ms|s|m|h|d|w))+$";

    /// <summary>The longest duration any field takes: ten years (3650d). Windows, lags and reminders of that length
    /// still leave "now - window" and every bucket computed from it far inside what DateTimeOffset represents.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>The text form of <see cref="Longest"/>, as messages name it.</summary>
    public const string LongestText = "3650d";

    /// <summary>Reads a duration of at most <see cref="Longest"/>; false for anything else, never an exception.</summary>
    public static bool TryParse(string? text, out Duration duration) =>
        TryParseUnbounded(text, out duration, out _) && duration.Value <= Longest;

    /// <summary>
    /// Reads a duration of any length; false when the text is not a duration, is zero, or is longer than a TimeSpan
    /// holds (then <paramref name="tooLong"/> is true, so a message can name the bound instead of the syntax).
    /// </summary>
    public static bool TryParseUnbounded(string? text, out Duration duration, out bool tooLong)
    {
        duration = default;
        tooLong = false;
        if (string.IsNullOrWhiteSpace(text) || !WholeText().IsMatch(text))
        {
            return false;
        }

        var total = 0L;
        foreach (Match part in Part().Matches(text))
        {
            var unit = part.Groups[2].Value switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                "d" => TimeSpan.TicksPerDay,
                _ => TimeSpan.TicksPerDay * 7,
            };

            // Checked at every step: "10675199d10675199d" has parts that fit and a sum that does not.
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > (long.MaxValue - total) / unit)
            {
                tooLong = true;
                return false;
            }

            total += amount * unit;
        }

        duration = new Duration(TimeSpan.FromTicks(total));
        return total > 0;
    }

    public static Duration Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"\"{text}\" is not a duration such as \"90m\", \"6h\" or \"2d\" (at most {LongestText}).");

    /// <summary>Writes the shortest text form, largest unit first ("1h30m").</summary>
    public override string ToString() => Format(Value);

    /// <summary>Formats a time span as "2d3h", "45m", "12s" (sub-second spans as "ms").</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Format(span.Negate());
        }

        if (span < TimeSpan.FromSeconds(1))
        {
            return ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var text = string.Empty;
        (long Amount, string Unit)[] parts =
        [
            (span.Days, "d"), (span.Hours, "h"), (span.Minutes, "m"), (span.Seconds, "s"),
        ];
        foreach (var (amount, unit) in parts)
        {
            if (amount > 0)
            {
                text += amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return text;
    }

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex("^([0-9]+(ms|s|m|h|d|w))+\\z")]
    private static partial Regex WholeText();

    [GeneratedRegex("([0-9]+)(ms|s|m|h|d|w)")]
    private static partial Regex Part();
}

/// <summary>Reads and writes <see cref="Duration"/> as its text form.</summary>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Duration.TryParse(reader.GetString(), out var duration)
            ? duration
            : throw new JsonException("expected a duration such as \"90m\", \"6h\" or \"2d\"");

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
