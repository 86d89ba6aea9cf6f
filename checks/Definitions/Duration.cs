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

    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !WholeText().IsMatch(text))
        {
            return false;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in Part().Matches(text))
        {
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unit = part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            if (amount > TimeSpan.MaxValue.Ticks / unit.Ticks)
            {
                return false;
            }

            total += TimeSpan.FromTicks(amount * unit.Ticks);
        }

        duration = new Duration(total);
        return total > TimeSpan.Zero;
    }

    public static Duration Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"\"{text}\" is not a duration such as \"90m\", \"6h\" or \"2d\".");

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

    [GeneratedRegex(Pattern)]
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
