using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Datadog;

/// <summary>How exported monitors are written: keys in insertion order, two-space indent, "\n" line ends, a trailing newline.</summary>
internal static class DatadogJson
{
    // An explicit NewLine, not Environment.NewLine: the bytes must not depend on the machine that exported them.
    // Relaxed escaping keeps quotes, apostrophes and accents readable in reviews; these files are never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(JsonNode node) => node.ToJsonString(Options) + "\n";

    /// <summary>ISO 8601 in UTC to the second, with "Z" (Datadog's downtimes want an offset of zero).</summary>
    public static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(value => (JsonNode?)JsonValue.Create(value))];
}
