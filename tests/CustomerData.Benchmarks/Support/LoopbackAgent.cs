using System.Net;
using System.Net.Sockets;

namespace CustomerData.Benchmarks.Support;

/// <summary>Stands in for the Datadog agent: a loopback UDP socket drained by a background thread that counts what arrives.</summary>
internal sealed class LoopbackAgent : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _reader;
    private long _packets;
    private long _datagrams;

    public LoopbackAgent()
    {
        _socket.ReceiveBufferSize = 8 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _reader = new Thread(Drain) { IsBackground = true, Name = "loopback-agent" };
        _reader.Start();
    }

    public int Port { get; }

    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Datagrams received: a packet holds several, one per line.</summary>
    public long Datagrams => Interlocked.Read(ref _datagrams);

    /// <summary>The variables that point the monitor's DogStatsD client here.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DD_AGENT_HOST"] = "127.0.0.1",
        ["DD_DOGSTATSD_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
    }

    private void Drain()
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var length = _socket.Receive(buffer);
                var lines = 1 + buffer.AsSpan(0, length).Count((byte)'\n');
                Interlocked.Increment(ref _packets);
                Interlocked.Add(ref _datagrams, lines);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Disposed: the agent stops.
        }
    }
}
