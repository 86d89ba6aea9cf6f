using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// Queues datagrams without ever blocking and sends them, packed, from one background loop. Every drop is counted by
/// reason, sent with the next flush as the count customer_data.dogstatsd.dropped, and logged at most once a minute.
/// </summary>
internal sealed partial class PacketSender : IDisposable
{
    /// <summary>How often, at most, drops are logged (the count and the reasons since the last line).</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<QueueItem> _queue;
    private readonly PacketBuffer _packet;
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
    private DateTimeOffset? _loggedAt;
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
        _packet = new PacketBuffer(options.MaxPacketSize);

        // FullMode Wait makes TryWrite fail on a full queue instead of silently evicting, so every drop is counted.
        _queue = Channel.CreateBounded<QueueItem>(new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _loop = Task.Run(RunAsync);

        // A tick sends the partly filled packet, so no datagram waits much longer than one interval.
        _ticker = time.CreateTimer(_ => QueueTick(), null, options.FlushInterval, options.FlushInterval);
    }

    public long Dropped => _drops.Total;

    public void CountDrops(DropReason reason, long count = 1) => _drops.Add(reason, count);

    public void Enqueue(string datagram)
    {
        if (!_queue.Writer.TryWrite(new QueueItem(datagram, null)))
        {
            CountDrops(Volatile.Read(ref _disposed) == 1 ? DropReason.Stopped : DropReason.QueueFull);
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
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _ticker.Dispose();
        _queue.Writer.TryComplete();

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

    // At most one tick waits in the queue, so ticks never take the room of datagrams while the loop is held up.
    private void QueueTick()
    {
        if (Interlocked.Exchange(ref _tickQueued, 1) == 0 && !_queue.Writer.TryWrite(QueueItem.Tick))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }

    private async Task<bool> RequestFlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // Waits for room (unlike datagrams): the loop frees it quickly, and the caller bounded the wait.
            await _queue.Writer.WriteAsync(new QueueItem(null, flushed), _stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is ChannelClosedException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
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
                if (item.Datagram is { } datagram)
                {
                    await AddAsync(datagram).ConfigureAwait(false);
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

    // A flush (or tick) also carries the drops counted since the last one, and logs them at most once a minute.
    private async Task FlushPacketAsync()
    {
        var report = _drops.TakeUnreported();
        var reported = new List<(DropReason Reason, long Count)>();
        foreach (var (reason, count) in report)
        {
            var datagram = _serializer.DropReport(count, DropReasons.Tag(reason));
            if (_packet.TryAdd(datagram) == PacketAddResult.Full)
            {
                await SendPacketAsync(reported).ConfigureAwait(false);
                reported.Clear();
                _packet.TryAdd(datagram);
            }

            // Options validation makes sure the report fits an empty packet, so it is never dropped for its size.
            reported.Add((reason, count));
        }

        await SendPacketAsync(reported).ConfigureAwait(false);
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

    private async Task AddAsync(string datagram)
    {
        switch (_packet.TryAdd(datagram))
        {
            case PacketAddResult.TooLarge:
                CountDrops(DropReason.TooLarge);
                break;
            case PacketAddResult.Full:
                await SendPacketAsync([]).ConfigureAwait(false);
                _packet.TryAdd(datagram);
                break;
        }
    }

    /// <param name="report">The drop reports the packet carries: if it is lost, they are reported again, not counted as drops.</param>
    private async Task SendPacketAsync(List<(DropReason Reason, long Count)> report)
    {
        if (_packet.Count == 0)
        {
            return;
        }

        try
        {
            await _transport.SendAsync(_packet.Packet, _stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Telemetry never breaks the caller's work: whatever the transport throws costs only this packet.
            _drops.Unreport(report);
            _drops.Add(DropReason.SendFailed, _packet.Count - report.Count, error.Message);
        }
        finally
        {
            _packet.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DogStatsD dropped {Count} datagram(s) since the last report: {Reasons}")]
    private static partial void LogDropped(ILogger logger, long count, string reasons);

    /// <summary>A datagram to send, or (without one) a request to send the partial packet now.</summary>
    private readonly record struct QueueItem(string? Datagram, TaskCompletionSource? Flushed)
    {
        public static readonly QueueItem Tick = new(null, null);
    }
}
