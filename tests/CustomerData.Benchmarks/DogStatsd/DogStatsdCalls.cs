using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Benchmarks.Support;

namespace CustomerData.Benchmarks.DogStatsd;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of one metric call on the caller's thread: the monitor's client (and its
/// formatting step alone, to split the time), and two baselines (formatting the datagram with string
/// interpolation; formatting it and sending it with UdpClient).
/// </summary>
/// <remarks>Public and unsealed because BenchmarkDotNet generates code around it.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] created.")]
public class DogStatsdCalls
{
    private LoopbackAgent? _agent;
    private DogStatsdService? _statsd;
    private UdpClient? _udp;
    private DatagramSerializer? _serializer;
    private long _calls;
    private readonly double _value = 25_200.5;
    private readonly byte[] _buffer = new byte[DogStatsdOptions.UdpPacketSize];

    /// <summary>Calls made and datagrams the client dropped during the last Gauge benchmark, for the report.</summary>
    public static (long Calls, long Dropped) LastGauge { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _agent = new LoopbackAgent();
        _statsd = Datagrams.Client(_agent.Port);
        _serializer = new DatagramSerializer(null, Datagrams.ConstantTags);
        _udp = new UdpClient(AddressFamily.InterNetwork);
        _udp.Connect(new IPEndPoint(IPAddress.Loopback, _agent.Port));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_calls > 0)
        {
            LastGauge = (_calls, _statsd!.DroppedDatagrams);
        }

        _statsd?.Dispose();
        _udp?.Dispose();
        _agent?.Dispose();
    }

    [Benchmark(Description = "DogStatsdService.Gauge")]
    public void Gauge()
    {
        _calls++;
        _statsd!.Gauge(Datagrams.Metric, _value, tags: Datagrams.Tags);
    }

    /// <summary>The part of Gauge spent on the caller's thread before the queue: validating and formatting the datagram.</summary>
    [Benchmark(Description = "DatagramSerializer.Metric (Gauge's formatting alone)")]
    public int Serialize()
    {
        _serializer!.Metric(_buffer, Datagrams.Metric, _value, MetricTypes.Gauge, 1.0, Datagrams.Tags, null, out var written);
        return written;
    }

    [Benchmark(Baseline = true, Description = "interpolated string")]
    public string Interpolated() => Datagrams.Interpolated(_value);

    [Benchmark(Description = "UdpClient.Send per metric")]
    public int UdpClientSend()
    {
        var bytes = Encoding.UTF8.GetBytes(Datagrams.Interpolated(_value));
        return _udp!.Send(bytes, bytes.Length);
    }
}
