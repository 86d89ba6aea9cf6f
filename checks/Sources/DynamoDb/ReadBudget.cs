namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Keeps the read units a source consumes under its budget per second, shared by every check and segment on it.</summary>
/// <remarks>
/// DynamoDB states what a read cost only in its answer (ConsumedCapacity), so each request reserves an
/// estimate before it is sent and is settled with the real cost after. Reservations advance a virtual
/// clock by units / budget; a request waits until the clock reaches it. Unused time is not banked,
/// so an idle source never bursts above the budget when it wakes up.
/// </remarks>
internal sealed class ReadBudget(double unitsPerSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _nextStart = long.MinValue;
    private double _consumed;

    public double UnitsPerSecond => unitsPerSecond;

    /// <summary>Read units consumed on this source since it opened.</summary>
    public double Consumed
    {
        get
        {
            lock (_lock)
            {
                return _consumed;
            }
        }
    }

    /// <summary>Waits until a request estimated to cost <paramref name="estimatedUnits"/> fits the budget, and reserves them.</summary>
    public async Task ReserveAsync(double estimatedUnits, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var start = Math.Max(now, _nextStart);
            _nextStart = start + Ticks(estimatedUnits);
            wait = time.GetElapsedTime(now, start);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces a reservation by what the request really consumed (0 when it was refused or never sent).</summary>
    public void Settle(double estimatedUnits, double consumedUnits)
    {
        lock (_lock)
        {
            _nextStart += Ticks(consumedUnits - estimatedUnits);
            _consumed += consumedUnits;
        }
    }

    private long Ticks(double units) => (long)(units / unitsPerSecond * time.TimestampFrequency);
}
