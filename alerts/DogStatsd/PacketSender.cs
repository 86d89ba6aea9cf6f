using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// Queues datagrams without ever blocking and sends them, packed, from one background loop. Every drop is counted by
/// reason, sent with the next flush as the count customer_data.dogstatsd.dropped, and logged at most once a minute.
/// </summary>
/// <remarks>
/// Callers copy each datagram's UTF-8 bytes into the open packet under a short lock; a packet that is full goes to the
/// loop whole, so the queue and the wake-up of the loop are paid once per packet, not once per datagram. The queue
/// is bounded in datagrams (QueueCapacity): those in the open packet and in packets not sent yet.
/// </remarks>
internal sealed partial class PacketSender : IDisposable
{
    /// <summary>How often, at most, drops are logged (the count and the reasons since the last line).</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    // Packets kept for reuse once sent; more than this in flight are left to the GC when sent.
    private const int PooledPackets = 64;

    private readonly Lock _lock = new();
    private readonly Channel<QueueItem> _queue;
    private readonly Stack<PacketBuffer> _pool = new();
    private readonly int _capacity;
    private readonly int _packetSize;
    private readonly IDatagramTransport _transport;
    private readonly TimeProvider _time;
    private readonly TimeSpan _disposeTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly ITimer _ticker;
    private readonly Task _loop;
    private readonly DropCounter _drops = new();
    private readonly DatagramSerializer _serializer;
    private readonly ILogger _logger;
    private PacketBuffer? _open;
    private DateTimeOffset? _loggedAt;
    private int _queued;
    private int _tickQueued;
    private int _disposed;

    public PacketSender(IDatagramTransport transport, DogStatsdOptions options, TimeProvider time, DatagramSerializer serializer, ILogger logger)
    {
        _transport = transport;
        _serializer = serializer;
        _logger = logger;
        _time = time;
        _disposeTimeout = options.FlushTimeout;
        _stoppingToken = _stopping.Token;
        _capacity = options.QueueCapacity;
        _packetSize = options.MaxPacketSize;

        // Unbounded in items, but never holds more packets than QueueCapacity datagrams fill, plus flush requests.
        _queue = Channel.CreateUnbounded<QueueItem>(new UnboundedChannelOptions { SingleReader = true });
        _loop = Task.Run(RunAsync);

        // A tick sends the partly filled packet, so no datagram waits much longer than one interval.
        _ticker = time.CreateTimer(_ => QueueTick(), null, options.FlushInterval, options.FlushInterval);
    }

    public long Dropped => _drops.Total;

    public void CountDrops(DropReason reason, long count = 1) => _drops.Add(reason, count);

    /// <summary>Queues one datagram's UTF-8 bytes (copied), or counts it as dropped.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > _packetSize)
        {
            CountDrops(DropReason.TooLarge);
            return;
        }

        lock (_lock)
        {
            if (_disposed == 1)
            {
                CountDrops(DropReason.Stopped);
                return;
            }

            if (Volatile.Read(ref _queued) >= _capacity)
            {
                // The loop may be waiting for a packet: hand it what is open, so the room frees up.
                CountDrops(DropReason.QueueFull);
                SealOpen();
                return;
            }

            var packet = _open ??= Rent();
            if (packet.TryAdd(datagram) == PacketAddResult.Full)
            {
                SealOpen();
                packet = _open = Rent();
                packet.TryAdd(datagram);
            }

            Interlocked.Increment(ref _queued);
            if (packet.IsFull)
            {
                SealOpen();
            }
        }
    }

    /// <summary>True when everything queued before the call was handed to the transport within the timeout.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await RequestFlushAsync().WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed == 1)
            {
                return;
            }

            _disposed = 1;
            _queue.Writer.TryComplete();
        }

        _ticker.Dispose();

        // The loop drains the queue and exits; a send stuck on an agent that stopped reading must not hold
        // the caller, so after the timeout pending sends are cancelled (and their datagrams counted).
        if (!LoopEnded())
        {
            _stopping.Cancel();
            LoopEnded();
        }

        _transport.Dispose();
        _stopping.Dispose();
    }

    private bool LoopEnded()
    {
        try
        {
            _loop.WaitAsync(_disposeTimeout, _time).GetAwaiter().GetResult();
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    // At most one tick waits in the queue, so ticks never pile up while the loop is held up.
    private void QueueTick()
    {
        if (Interlocked.Exchange(ref _tickQueued, 1) == 0 && !_queue.Writer.TryWrite(QueueItem.Tick))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }

    // Under _lock: the open packet goes to the loop (the queue is only completed under the same lock).
    private void SealOpen()
    {
        if (_open is { Count: > 0 } packet)
        {
            _queue.Writer.TryWrite(new QueueItem(packet, null));
            _open = null;
        }
    }

    // Under _lock.
    private PacketBuffer Rent() => _pool.TryPop(out var packet) ? packet : new PacketBuffer(_packetSize);

    private void Return(PacketBuffer packet)
    {
        packet.Clear();
        lock (_lock)
        {
            if (_pool.Count < PooledPackets)
            {
                _pool.Push(packet);
            }
        }
    }

    private async Task<bool> RequestFlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Under the lock, so every datagram queued before is in a packet ahead of the request or in the open packet.
        lock (_lock)
        {
            if (_disposed == 1 || !_queue.Writer.TryWrite(new QueueItem(null, flushed)))
            {
                return false;
            }
        }

        await flushed.Task.ConfigureAwait(false);
        return true;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item.Packet is { } packet)
                {
                    await SendPacketAsync(packet, []).ConfigureAwait(false);
                    Return(packet);
                    continue;
                }

                if (item.Flushed is null)
                {
                    Volatile.Write(ref _tickQueued, 0);
                }

                await FlushPacketAsync().ConfigureAwait(false);
                item.Flushed?.TrySetResult();
            }
        }

        await FlushPacketAsync().ConfigureAwait(false);
    }

    // A flush (or tick) sends the open packet, which also carries the drops counted since the last one, and logs
    // them at most once a minute.
    private async Task FlushPacketAsync()
    {
        PacketBuffer packet;
        lock (_lock)
        {
            packet = _open ?? Rent();
            _open = null;
        }

        var report = _drops.TakeUnreported();
        var reported = new List<(DropReason Reason, long Count)>();
        foreach (var (reason, count) in report)
        {
            var datagram = Encoding.UTF8.GetBytes(_serializer.DropReport(count, DropReasons.Tag(reason)));
            if (packet.TryAdd(datagram) == PacketAddResult.Full)
            {
                await SendPacketAsync(packet, reported).ConfigureAwait(false);
                reported.Clear();
                packet.TryAdd(datagram);
            }

            // Options validation makes sure the report fits an empty packet, so it is never dropped for its size.
            reported.Add((reason, count));
        }

        await SendPacketAsync(packet, reported).ConfigureAwait(false);
        Return(packet);
        LogDrops();
    }

    private void LogDrops()
    {
        var now = _time.GetUtcNow();
        if (_loggedAt is { } last && now - last < LogInterval)
        {
            return;
        }

        if (_drops.TakeUnlogged() is { } unlogged)
        {
            LogDropped(_logger, unlogged.Count, unlogged.Reasons);
            _loggedAt = now;
        }
    }

    /// <summary>Sends the packet and empties it; its datagrams leave the queue's count.</summary>
    /// <param name="report">The drop reports the packet carries: if it is lost, they are reported again, not counted as drops.</param>
    private async Task SendPacketAsync(PacketBuffer packet, List<(DropReason Reason, long Count)> report)
    {
        if (packet.Count == 0)
        {
            return;
        }

        var datagrams = packet.Count - report.Count;
        try
        {
            await _transport.SendAsync(packet.Packet, _stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Telemetry never breaks the caller's work: whatever the transport throws costs only this packet.
            _drops.Unreport(report);
            _drops.Add(DropReason.SendFailed, datagrams, error.Message);
        }
        finally
        {
            packet.Clear();
            Interlocked.Add(ref _queued, -datagrams);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DogStatsD dropped {Count} datagram(s) since the last report: {Reasons}")]
    private static partial void LogDropped(ILogger logger, long count, string reasons);

    /// <summary>A full packet to send, or (without one) a request to send the open packet now.</summary>
    private readonly record struct QueueItem(PacketBuffer? Packet, TaskCompletionSource? Flushed)
    {
        public static readonly QueueItem Tick = new(null, null);
    }
}
