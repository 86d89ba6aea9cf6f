namespace CustomerData.Monitors.Service;

/// <summary>When the shutdown grace ends, once a stop has begun: what still runs (recording, delivery) fits in what is left.</summary>
internal sealed class ShutdownDeadline(TimeProvider time)
{
    private readonly object _gate = new();
    private DateTimeOffset? _deadline;

    public bool HasBegun
    {
        get
        {
            lock (_gate)
            {
                return _deadline is not null;
            }
        }
    }

    /// <summary>What is left of the grace (zero once it is over); unbounded before a stop begins.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                return _deadline is { } deadline
                    ? TimeSpan.FromTicks(Math.Max(0, (deadline - time.GetUtcNow()).Ticks))
                    : Timeout.InfiniteTimeSpan;
            }
        }
    }

    /// <summary>Starts the grace; a second stop request keeps the first deadline.</summary>
    public void Begin(TimeSpan grace)
    {
        lock (_gate)
        {
            _deadline ??= time.GetUtcNow() + grace;
        }
    }
}
