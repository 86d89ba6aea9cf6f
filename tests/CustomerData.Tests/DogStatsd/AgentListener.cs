using System.Net;
using System.Net.Sockets;
using System.Text;
using CustomerData.Alerts.DogStatsd;

namespace CustomerData.Tests.DogStatsd;

/// <summary>Stands in for the Datadog agent: a real loopback UDP or Unix datagram socket that hands back what arrives.</summary>
internal sealed class AgentListener : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly string? _directory;

    private AgentListener(Socket socket, Func<string, string?> environment, string? directory)
    {
        _socket = socket;
        Environment = environment;
        _directory = directory;
    }

    /// <summary>The variables a deployment would set to point the client here.</summary>
    public Func<string, string?> Environment { get; }

    public DogStatsdOptions Options => DogStatsdOptions.FromEnvironment(Environment);

    public static AgentListener Udp(IReadOnlyDictionary<string, string>? variables = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new AgentListener(socket, With(variables, ("DD_AGENT_HOST", "127.0.0.1"), ("DD_DOGSTATSD_PORT", port)), null);
    }

    public static AgentListener UnixSocket(IReadOnlyDictionary<string, string>? variables = null)
    {
        // Socket paths are limited to about 100 bytes, so the directory stays short.
        var directory = Directory.CreateTempSubdirectory("dsd-").FullName;
        var path = Path.Combine(directory, "dsd.socket");
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return new AgentListener(socket, With(variables, ("DD_AGENT_HOST", "unix://" + path)), directory);
    }

    /// <summary>The next packet, as text; fails the test when none arrives within ten seconds.</summary>
    public async Task<string> ReceivePacketAsync()
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no packet arrived within {ReceiveTimeout.TotalSeconds} s");
            throw;
        }
    }

    /// <summary>Packets until they hold the given number of datagrams.</summary>
    public async Task<List<string>> ReceivePacketsAsync(long datagrams)
    {
        var packets = new List<string>();
        var received = 0L;
        while (received < datagrams)
        {
            var packet = await ReceivePacketAsync();
            packets.Add(packet);
            received += packet.Split('\n').Length;
        }

        return packets;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Func<string, string?> With(IReadOnlyDictionary<string, string>? variables, params (string Name, string Value)[] endpoint)
    {
        var all = new Dictionary<string, string>(variables ?? new Dictionary<string, string>());
        foreach (var (name, value) in endpoint)
        {
            all.TryAdd(name, value);
        }

        return name => all.GetValueOrDefault(name);
    }
}
