using System.Buffers;
using System.Globalization;
using System.Text;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// Writes metrics, events and service checks as DogStatsD datagrams
/// (https://docs.datadoghq.com/developers/dogstatsd/datagram_shell/); null means refused.
/// </summary>
/// <remarks>
/// A field holding a separator would be misread by the agent, and a line break would split the packet,
/// so such datagrams are refused (the caller counts them) rather than sent damaged.
/// </remarks>
internal sealed class DatagramSerializer(string? prefix, IReadOnlyList<string> constantTags)
{
    // The agent cuts a service-check message at a '|'; the broken bar keeps the text readable.
    private const string PipeStandIn = "\u00A6";

    private static readonly SearchValues<char> FieldBreakers = SearchValues.Create("|\r\n");
    private static readonly SearchValues<char> NameBreakers = SearchValues.Create("|:\r\n");
    private static readonly SearchValues<char> TagBreakers = SearchValues.Create("|,\r\n");

    private readonly string _prefix = string.IsNullOrEmpty(prefix) ? string.Empty : prefix + ".";
    private readonly string _constantTags = string.Join(',', constantTags);

    public static bool IsValidTag(string? tag) => !string.IsNullOrEmpty(tag) && !tag.AsSpan().ContainsAny(TagBreakers);

    public static bool IsValidPrefix(string prefix) => !prefix.AsSpan().ContainsAny(NameBreakers);

    public string? Metric(string name, double value, string type, double sampleRate, string[]? tags, DateTimeOffset? timestamp) =>
        double.IsFinite(value) ? Metric(name, InvariantNumber.Format(value), type, sampleRate, tags, timestamp) : null;

    public string? Metric(string name, string value, string type, double sampleRate, string[]? tags, DateTimeOffset? timestamp)
    {
        if (!IsField(name, NameBreakers) || !IsField(value, FieldBreakers) || !AreValidTags(tags))
        {
            return null;
        }

        var builder = new StringBuilder().Append(_prefix).Append(name).Append(':').Append(value).Append('|').Append(type);
        if (sampleRate < 1)
        {
            builder.Append("|@").Append(InvariantNumber.Format(sampleRate));
        }

        AppendTags(builder, tags);
        if (timestamp is { } time)
        {
            builder.Append(CultureInfo.InvariantCulture, $"|T{time.ToUnixTimeSeconds()}");
        }

        return builder.ToString();
    }

    public string? Event(string title, string text, string? alertType, string? aggregationKey, string? sourceType, int? dateHappened, string? priority, string? hostname, string[]? tags)
    {
        if (string.IsNullOrEmpty(title) || !AreOptionalFields(alertType, aggregationKey, sourceType, priority, hostname) || !AreValidTags(tags))
        {
            return null;
        }

        var escapedTitle = Escape(title);
        var escapedText = Escape(text ?? string.Empty);
        var builder = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"_e{{{Encoding.UTF8.GetByteCount(escapedTitle)},{Encoding.UTF8.GetByteCount(escapedText)}}}:")
            .Append(escapedTitle).Append('|').Append(escapedText);
        if (dateHappened is { } date)
        {
            builder.Append(CultureInfo.InvariantCulture, $"|d:{date}");
        }

        AppendOptional(builder, "|h:", hostname);
        AppendOptional(builder, "|k:", aggregationKey);
        AppendOptional(builder, "|p:", priority);
        AppendOptional(builder, "|s:", sourceType);
        AppendOptional(builder, "|t:", alertType);
        AppendTags(builder, tags);
        return builder.ToString();
    }

    public string? ServiceCheck(string name, Status status, int? timestamp, string? hostname, string[]? tags, string? message)
    {
        var escapedName = Escape(name ?? string.Empty);
        if (escapedName.Length == 0 || escapedName.Contains('|', StringComparison.Ordinal) || !Enum.IsDefined(status)
            || !AreOptionalFields(hostname) || !AreValidTags(tags))
        {
            return null;
        }

        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"_sc|{escapedName}|{(int)status}");
        if (timestamp is { } time)
        {
            builder.Append(CultureInfo.InvariantCulture, $"|d:{time}");
        }

        AppendOptional(builder, "|h:", hostname);
        AppendTags(builder, tags);

        // The agent reads everything after "|m:" as the message, so it comes last and cannot hold "|" or "m:".
        if (message is not null)
        {
            builder.Append("|m:").Append(Escape(message).Replace("|", PipeStandIn, StringComparison.Ordinal).Replace("m:", "m\\:", StringComparison.Ordinal));
        }

        return builder.ToString();
    }

    // Events and service checks carry free text: line breaks travel as the two characters \n.
    private static string Escape(string text) =>
        text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static bool IsField(string? text, SearchValues<char> breakers) => !string.IsNullOrEmpty(text) && !text.AsSpan().ContainsAny(breakers);

    private static bool AreOptionalFields(params ReadOnlySpan<string?> fields)
    {
        foreach (var field in fields)
        {
            if (field is not null && field.AsSpan().ContainsAny(FieldBreakers))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AreValidTags(string[]? tags) => tags is null || tags.All(IsValidTag);

    private static void AppendOptional(StringBuilder builder, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.Append(key).Append(value);
        }
    }

    private void AppendTags(StringBuilder builder, string[]? tags)
    {
        var hasTags = tags is { Length: > 0 };
        if (_constantTags.Length == 0 && !hasTags)
        {
            return;
        }

        builder.Append("|#").Append(_constantTags);
        if (hasTags)
        {
            builder.Append(_constantTags.Length == 0 ? string.Empty : ",").AppendJoin(',', tags!);
        }
    }
}
