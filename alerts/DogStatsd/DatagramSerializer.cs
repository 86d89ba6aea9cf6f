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
/// so such datagrams are refused (the caller counts them) rather than sent damaged. The free text of events and
/// service checks is cut to Datadog's limits and to what the packet leaves, so the status, name and tags always arrive.
/// </remarks>
internal sealed class DatagramSerializer(string? prefix, IReadOnlyList<string> constantTags, int maxPacketSize = DogStatsdOptions.UdpPacketSize)
{
    /// <summary>Datadog keeps (and shows) at most 500 characters of a service check's message.</summary>
    public const int ServiceCheckMessageLimit = 500;

    /// <summary>Datadog keeps at most 100 characters of an event's title.</summary>
    public const int EventTitleLimit = 100;

    /// <summary>Datadog keeps at most 4,000 characters of an event's text.</summary>
    public const int EventTextLimit = 4000;

    // The agent cuts a service-check message at a '|'; the broken bar keeps the text readable.
    private const string PipeStandIn = "\u00A6";

    private static readonly SearchValues<char> FieldBreakers = SearchValues.Create("|\r\n");
    private static readonly SearchValues<char> NameBreakers = SearchValues.Create("|:\r\n");
    private static readonly SearchValues<char> TagBreakers = SearchValues.Create("|,\r\n");

    private readonly string _prefix = string.IsNullOrEmpty(prefix) ? string.Empty : prefix + ".";
    private readonly string _constantTags = string.Join(',', constantTags);

    /// <summary>The count of dropped datagrams the client sends about itself, never prefixed.</summary>
    public const string DroppedMetric = "customer_data.dogstatsd.dropped";

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

    /// <summary>customer_data.dogstatsd.dropped:&lt;count&gt;|c with the constant tags and reason:&lt;reason&gt;.</summary>
    public string DropReport(long count, string reason)
    {
        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{DroppedMetric}:{count}|{MetricTypes.Count}");
        AppendTags(builder, ["reason:" + reason]);
        return builder.ToString();
    }

    public string? Event(string title, string text, string? alertType, string? aggregationKey, string? sourceType, int? dateHappened, string? priority, string? hostname, string[]? tags)
    {
        if (string.IsNullOrEmpty(title) || !AreOptionalFields(alertType, aggregationKey, sourceType, priority, hostname) || !AreValidTags(tags))
        {
            return null;
        }

        var escapedTitle = TextFit.Fit(title, EventTitleLimit, maxPacketSize, Escape) ?? string.Empty;
        var tail = new StringBuilder();
        if (dateHappened is { } date)
        {
            tail.Append(CultureInfo.InvariantCulture, $"|d:{date}");
        }

        AppendOptional(tail, "|h:", hostname);
        AppendOptional(tail, "|k:", aggregationKey);
        AppendOptional(tail, "|p:", priority);
        AppendOptional(tail, "|s:", sourceType);
        AppendOptional(tail, "|t:", alertType);
        AppendTags(tail, tags);

        // "_e{,}:" and the '|' after the title, the title's length, and room for the text's length: the rest is the text's.
        var titleBytes = Encoding.UTF8.GetByteCount(escapedTitle);
        var fixedBytes = 7 + Digits(titleBytes) + Digits(maxPacketSize) + titleBytes + Encoding.UTF8.GetByteCount(tail.ToString());
        var escapedText = TextFit.Fit(text ?? string.Empty, EventTextLimit, maxPacketSize - fixedBytes, Escape) ?? string.Empty;
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"_e{{{Encoding.UTF8.GetByteCount(escapedTitle)},{Encoding.UTF8.GetByteCount(escapedText)}}}:")
            .Append(escapedTitle).Append('|').Append(escapedText).Append(tail).ToString();
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
        // When not even the cut marker fits, the check goes without its message: the status matters most.
        var room = maxPacketSize - Encoding.UTF8.GetByteCount(builder.ToString()) - "|m:".Length;
        if (message is not null && TextFit.Fit(message, ServiceCheckMessageLimit, room, EscapeMessage) is { } text)
        {
            builder.Append("|m:").Append(text);
        }

        return builder.ToString();
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;

    private static string EscapeMessage(string text) =>
        Escape(text).Replace("|", PipeStandIn, StringComparison.Ordinal).Replace("m:", "m\\:", StringComparison.Ordinal);

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
