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

    private readonly string _constantTags = string.Join(',', constantTags);
    private readonly byte[] _prefixBytes = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(prefix) ? string.Empty : prefix + ".");
    private readonly byte[] _constantTagBytes = Encoding.UTF8.GetBytes(string.Join(',', constantTags));

    /// <summary>The count of dropped datagrams the client sends about itself, never prefixed.</summary>
    public const string DroppedMetric = "customer_data.dogstatsd.dropped";

    public static bool IsValidTag(string? tag) => !string.IsNullOrEmpty(tag) && !tag.AsSpan().ContainsAny(TagBreakers);

    public static bool IsValidPrefix(string prefix) => !prefix.AsSpan().ContainsAny(NameBreakers);

    /// <summary>Writes a metric datagram as UTF-8 into <paramref name="destination"/>, with no allocation.</summary>
    /// <returns>Written (its length in <paramref name="written"/>), Invalid, or TooLarge when it does not fit the destination.</returns>
    public FormatResult Metric(Span<byte> destination, string name, double value, string type, double sampleRate, string[]? tags, DateTimeOffset? timestamp, out int written)
    {
        written = 0;
        if (!double.IsFinite(value) || !IsField(name, NameBreakers) || !AreValidTags(tags))
        {
            return FormatResult.Invalid;
        }

        var writer = new Utf8Writer(destination);
        WriteName(ref writer, name);
        var start = writer.Written;

        // "R" is the shortest round-trip form but switches to exponent form (1E-05, 1E+15), which is rewritten plain.
        writer.Append(value, "R");
        if (!writer.Overflowed && writer.Since(start).Contains((byte)'E'))
        {
            writer.Truncate(start);
            writer.Append(InvariantNumber.Format(value));
        }

        return Finish(ref writer, type, sampleRate, tags, timestamp, out written);
    }

    /// <summary>A metric with a text value (a set's member); see the other overload.</summary>
    public FormatResult Metric(Span<byte> destination, string name, string value, string type, double sampleRate, string[]? tags, DateTimeOffset? timestamp, out int written)
    {
        written = 0;
        if (!IsField(name, NameBreakers) || !IsField(value, FieldBreakers) || !AreValidTags(tags))
        {
            return FormatResult.Invalid;
        }

        var writer = new Utf8Writer(destination);
        WriteName(ref writer, name);
        writer.Append(value);
        return Finish(ref writer, type, sampleRate, tags, timestamp, out written);
    }

    private void WriteName(ref Utf8Writer writer, string name)
    {
        writer.Append(_prefixBytes);
        writer.Append(name);
        writer.Append((byte)':');
    }

    private FormatResult Finish(ref Utf8Writer writer, string type, double sampleRate, string[]? tags, DateTimeOffset? timestamp, out int written)
    {
        writer.Append((byte)'|');
        writer.Append(type);
        if (sampleRate < 1)
        {
            writer.Append("|@"u8);
            writer.Append(InvariantNumber.Format(sampleRate));
        }

        var hasTags = tags is { Length: > 0 };
        if (_constantTagBytes.Length > 0 || hasTags)
        {
            writer.Append("|#"u8);
            writer.Append(_constantTagBytes);
            if (hasTags)
            {
                for (var i = 0; i < tags!.Length; i++)
                {
                    if (i > 0 || _constantTagBytes.Length > 0)
                    {
                        writer.Append((byte)',');
                    }

                    writer.Append(tags[i]);
                }
            }
        }

        if (timestamp is { } time)
        {
            writer.Append("|T"u8);
            writer.Append(time.ToUnixTimeSeconds(), default);
        }

        written = writer.Overflowed ? 0 : writer.Written;
        return writer.Overflowed ? FormatResult.TooLarge : FormatResult.Written;
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

    private static bool AreValidTags(string[]? tags)
    {
        if (tags is not null)
        {
            foreach (var tag in tags)
            {
                if (!IsValidTag(tag))
                {
                    return false;
                }
            }
        }

        return true;
    }

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
