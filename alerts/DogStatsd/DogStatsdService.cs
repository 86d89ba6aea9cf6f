using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Sends metrics, events and service checks to a Datadog agent over UDP or a Unix socket; never blocks and never throws.</summary>
public sealed class DogStatsdService : IDogStatsd
{
    private readonly DatagramSerializer _serializer;
    private readonly PacketSender _sender;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly TimeSpan _flushTimeout;
    private readonly int _packetSize;

    [ThreadStatic]
    private static byte[]? t_scratch;

    /// <param name="options">Where to send; see <see cref="DogStatsdOptions.FromEnvironment"/>.</param>
    /// <param name="timeProvider">Drives the flush interval, timers and timeouts; the system clock by default.</param>
    /// <param name="random">Decides which calls with a sample rate below 1 are sent; <see cref="Random.Shared"/> by default.</param>
    /// <param name="logger">Where dropped datagrams are logged (at most once a minute, with the count and the reasons).</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="DogStatsdOptions.Validate"/>).</exception>
    public DogStatsdService(DogStatsdOptions options, TimeProvider? timeProvider = null, Random? random = null, ILogger<DogStatsdService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid DogStatsD options: " + string.Join("; ", problems), nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _flushTimeout = options.FlushTimeout;
        _packetSize = options.MaxPacketSize;
        _serializer = new DatagramSerializer(options.Prefix, options.ConstantTags, options.MaxPacketSize);
        _sender = new PacketSender(IDatagramTransport.Create(options, _time), options, _time, _serializer, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>
    /// Datagrams dropped: full queue, transport failure, larger than a packet, refused as malformed, or sent after
    /// disposal. Each flush also sends them as the count customer_data.dogstatsd.dropped, tagged reason:.
    /// </summary>
    public long DroppedDatagrams => _sender.Dropped;

    public void Counter(string statName, double value, double sampleRate = 1.0, string[]? tags = null, DateTimeOffset? timestamp = null) =>
        SendMetric(statName, value, MetricTypes.Count, sampleRate, tags, timestamp);

    public void Increment(string statName, int value = 1, double sampleRate = 1.0, string[]? tags = null) =>
        SendMetric(statName, value, MetricTypes.Count, sampleRate, tags, null);

    public void Decrement(string statName, int value = 1, double sampleRate = 1.0, string[]? tags = null) =>
        SendMetric(statName, -(double)value, MetricTypes.Count, sampleRate, tags, null);

    public void Gauge(string statName, double value, double sampleRate = 1.0, string[]? tags = null, DateTimeOffset? timestamp = null) =>
        SendMetric(statName, value, MetricTypes.Gauge, sampleRate, tags, timestamp);

    public void Histogram(string statName, double value, double sampleRate = 1.0, string[]? tags = null) =>
        SendMetric(statName, value, MetricTypes.Histogram, sampleRate, tags, null);

    public void Distribution(string statName, double value, double sampleRate = 1.0, string[]? tags = null) =>
        SendMetric(statName, value, MetricTypes.Distribution, sampleRate, tags, null);

    public void Timer(string statName, double value, double sampleRate = 1.0, string[]? tags = null) =>
        SendMetric(statName, value, MetricTypes.Timer, sampleRate, tags, null);

    public void Set(string statName, string value, double sampleRate = 1.0, string[]? tags = null)
    {
        if (Sampled(ref sampleRate))
        {
            var buffer = Scratch();
            Send(buffer, _serializer.Metric(buffer, statName, value, MetricTypes.Set, sampleRate, tags, null, out var written), written);
        }
    }

    public IDisposable StartTimer(string name, double sampleRate = 1.0, string[]? tags = null) =>
        new MetricsTimer(this, _time, name, sampleRate, tags);

    public void Event(string title, string text, string? alertType = null, string? aggregationKey = null, string? sourceType = null, int? dateHappened = null, string? priority = null, string? hostname = null, string[]? tags = null) =>
        Send(_serializer.Event(title, text, alertType, aggregationKey, sourceType, dateHappened, priority, hostname, tags));

    public void ServiceCheck(string name, Status status, int? timestamp = null, string? hostname = null, string[]? tags = null, string? message = null) =>
        Send(_serializer.ServiceCheck(name, status, timestamp, hostname, tags, message));

    public void Flush(TimeSpan? timeout = null) => FlushAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Sends everything queued so far; false when that did not finish within the timeout (FlushTimeout by default).</summary>
    public Task<bool> FlushAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _sender.FlushAsync(timeout ?? _flushTimeout, cancellationToken);

    /// <summary>Sends what is queued (waiting at most FlushTimeout), then stops; later calls are dropped and counted.</summary>
    public void Dispose() => _sender.Dispose();

    private void SendMetric(string name, double value, string type, double sampleRate, string[]? tags, DateTimeOffset? timestamp)
    {
        if (Sampled(ref sampleRate))
        {
            var buffer = Scratch();
            Send(buffer, _serializer.Metric(buffer, name, value, type, sampleRate, tags, timestamp, out var written), written);
        }
    }

    // A rate of 1 or more (or NaN) means unsampled, and is then written as no rate at all.
    private bool Sampled(ref double sampleRate)
    {
        if (double.IsNaN(sampleRate) || sampleRate >= 1)
        {
            sampleRate = 1;
            return true;
        }

        // Random.Shared is thread-safe but an injected Random need not be.
        lock (_randomLock)
        {
            return _random.NextDouble() < sampleRate;
        }
    }

    // Events and service checks (a few per run) are written as text first, then as UTF-8 into the scratch buffer.
    private void Send(string? datagram)
    {
        if (datagram is null)
        {
            _sender.CountDrops(DropReason.Invalid);
            return;
        }

        var buffer = Scratch();
        var fits = System.Text.Encoding.UTF8.TryGetBytes(datagram, buffer, out var written);
        Send(buffer, fits ? FormatResult.Written : FormatResult.TooLarge, written);
    }

    private void Send(byte[] buffer, FormatResult result, int written)
    {
        switch (result)
        {
            case FormatResult.Written:
                _sender.Enqueue(buffer.AsSpan(0, written));
                break;
            case FormatResult.Invalid:
                _sender.CountDrops(DropReason.Invalid);
                break;
            default:
                _sender.CountDrops(DropReason.TooLarge);
                break;
        }
    }

    // One buffer of one packet's size per thread: a datagram is written into it, then copied into the queue.
    private byte[] Scratch()
    {
        var buffer = t_scratch;
        if (buffer is null || buffer.Length != _packetSize)
        {
            t_scratch = buffer = new byte[_packetSize];
        }

        return buffer;
    }
}
