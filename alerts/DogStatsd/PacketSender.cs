using System.Threading.Channels;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Queues datagrams without ever blocking and sends them, packed, from one background loop.</summary>
internal sealed class PacketSender : IDisposable
{
    private readonly Channel<QueueItem> _queue;
    private readonly PacketBuffer _packet;
    private readonly IDatagramTransport _transport;
    private readonly TimeProvider _time;
    private readonly TimeSpan _disposeTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly ITimer _ticker;
    private readonly Task _loop;
    private long _dropped;
    private int _tickQueued;
    private int _disposed;

    public PacketSender(IDatagramTransport transport, DogStatsdOptions options, TimeProvider time)
    {
        _transport = transport;
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

    public long Dropped => Interlocked.Read(ref _dropped);

    public void CountDrops(long count = 1) => Interlocked.Add(ref _dropped, count);

    public void Enqueue(string datagram)
    {
        if (!_queue.Writer.TryWrite(new QueueItem(datagram, null)))
        {
            CountDrops();
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

                await SendPacketAsync().ConfigureAwait(false);
                item.Flushed?.TrySetResult();
            }
        }

        await SendPacketAsync().ConfigureAwait(false);
    }

    private async Task AddAsync(string datagram)
    {
        switch (_packet.TryAdd(datagram))
        {
            case PacketAddResult.TooLarge:
                CountDrops();
                break;
            case PacketAddResult.Full:
                await SendPacketAsync().ConfigureAwait(false);
                _packet.TryAdd(datagram);
                break;
        }
    }

    private async Task SendPacketAsync()
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
            CountDrops(_packet.Count);
        }
        finally
        {
            _packet.Clear();
        }
    }

    /// <summary>A datagram to send, or (without one) a request to send the partial packet now.</summary>
    private readonly record struct QueueItem(string? Datagram, TaskCompletionSource? Flushed)
    {
        public static readonly QueueItem Tick = new(null, null);
    }
}
