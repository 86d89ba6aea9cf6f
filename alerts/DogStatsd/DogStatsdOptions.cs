using System.Globalization;
using System.Net;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Where the DogStatsD client sends (UDP host and port, or a Unix socket), its constant tags, and its packet and queue sizes.</summary>
public sealed record DogStatsdOptions
{
    /// <summary>Fits an Ethernet MTU of 1500 minus IP and UDP headers, so a packet is never fragmented.</summary>
    public const int UdpPacketSize = 1432;

    /// <summary>The agent reads Unix socket datagrams into 8 KB buffers.</summary>
    public const int UnixSocketPacketSize = 8192;

    private const string UnixScheme = "unix://";

    private readonly int? _maxPacketSize;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8125;

    /// <summary>Path of the agent's Unix datagram socket; when set, it is used instead of UDP.</summary>
    public string? SocketPath { get; init; }

    /// <summary>Prepended with a dot to metric names (not to events or service checks).</summary>
    public string? Prefix { get; init; }

    /// <summary>Tags added to every metric, event and service check.</summary>
    public IReadOnlyList<string> ConstantTags { get; init; } = [];

    /// <summary>Largest packet sent, in bytes; defaults to the transport's size.</summary>
    public int MaxPacketSize
    {
        get => _maxPacketSize ?? (SocketPath is null ? UdpPacketSize : UnixSocketPacketSize);
        init => _maxPacketSize = value;
    }

    /// <summary>Longest a datagram waits in a partly filled packet.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest Flush() without a timeout and Dispose wait for queued datagrams to go out.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Datagrams waiting to be sent; beyond it, new ones are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Longest the agent's host name may take to resolve (once, in the background, from start-up).</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Resolves the agent's host name; DNS by default (tests inject a slow one).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> ResolveHost { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>
    /// Reads the variables the Datadog libraries read: DD_AGENT_HOST (a <c>unix://</c> value names a socket),
    /// DD_DOGSTATSD_PORT, DD_DOGSTATSD_SOCKET (wins over both), DD_ENTITY_ID, DD_ENV, DD_SERVICE, DD_VERSION.
    /// </summary>
    /// <exception cref="DogStatsdAddressException">DD_AGENT_HOST is not a host name or an IP address, or DD_DOGSTATSD_PORT is not a port number.</exception>
    public static DogStatsdOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Read(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var host = Read("DD_AGENT_HOST");
        var socket = Read("DD_DOGSTATSD_SOCKET");
        if (host is not null && host.StartsWith(UnixScheme, StringComparison.OrdinalIgnoreCase))
        {
            socket ??= host[UnixScheme.Length..];
            host = null;
        }

        string?[] tags =
        [
            Tag("env:", Read("DD_ENV")),
            Tag("service:", Read("DD_SERVICE")),
            Tag("version:", Read("DD_VERSION")),
            Tag("dd.internal.entity_id:", Read("DD_ENTITY_ID")),
        ];

        if (socket is null && host is not null && !IsHostName(host))
        {
            throw new DogStatsdAddressException(
                $"DogStatsD agent host \"{host}\" is not a host name or an IP address",
                "DD_AGENT_HOST",
                "set it to the agent's name or address (such as datadog-agent or 10.0.0.5, without a port), or unix:///path/to/dsd.socket");
        }

        return new DogStatsdOptions
        {
            Host = host ?? "127.0.0.1",
            Port = Read("DD_DOGSTATSD_PORT") is { } port && socket is null ? ParsePort(port) : 8125,
            SocketPath = socket,
            ConstantTags = DatadogTags.NormalizeAll(tags),
        };
    }

    /// <summary>Every problem at once; the service refuses to start with any.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SocketPath is null && string.IsNullOrWhiteSpace(Host))
        {
            problems.Add("Host is empty and no SocketPath is set");
        }

        if (SocketPath is not null && SocketPath.Length == 0)
        {
            problems.Add("SocketPath is empty");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"Port {Port} is not from 1 to 65535");
        }

        if (MaxPacketSize < 1)
        {
            problems.Add($"MaxPacketSize {MaxPacketSize} is not positive");
        }

        if (QueueCapacity < 1)
        {
            problems.Add($"QueueCapacity {QueueCapacity} is not positive");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            problems.Add($"FlushInterval {FlushInterval} is not positive");
        }

        if (FlushTimeout < TimeSpan.Zero)
        {
            problems.Add($"FlushTimeout {FlushTimeout} is negative");
        }

        if (Prefix is not null && !DatagramSerializer.IsValidPrefix(Prefix))
        {
            problems.Add($"Prefix \"{Prefix}\" holds '|', ':' or a line break");
        }

        problems.AddRange(ConstantTags.Where(tag => !DatagramSerializer.IsValidTag(tag)).Select(tag => $"constant tag \"{tag}\" is empty or holds '|', ',' or a line break"));

        // The drop count must always fit a packet of its own, or drops could go unreported.
        var report = new DatagramSerializer(null, ConstantTags).DropReport(long.MaxValue, DropReasons.Tag(DropReason.QueueFull));
        if (MaxPacketSize >= 1 && System.Text.Encoding.UTF8.GetByteCount(report) > MaxPacketSize)
        {
            problems.Add($"constant tags too long: the drop count datagram would not fit a {MaxPacketSize}-byte packet");
        }

        if (ResolveTimeout <= TimeSpan.Zero)
        {
            problems.Add($"ResolveTimeout {ResolveTimeout} is not positive");
        }

        return problems;
    }

    private static string? Tag(string key, string? value) => value is null ? null : key + value;

    private static int ParsePort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new DogStatsdAddressException(
                $"DogStatsD port \"{value}\" is not a number from 1 to 65535",
                "DD_DOGSTATSD_PORT",
                "set it to the agent's DogStatsD port, or unset it for 8125");

    // An IP address, or DNS labels of letters, digits, '-' and '_' (compose service names) of 1 to 63 characters.
    private static bool IsHostName(string host) =>
        IPAddress.TryParse(host, out _)
        || (host.Length <= 253 && host.TrimEnd('.').Split('.').All(label =>
            label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')));
}
