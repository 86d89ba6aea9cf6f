using System.Globalization;
using System.Text;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// Counts dropped datagrams by reason, from any thread, and remembers how many were already reported as the metric
/// customer_data.dogstatsd.dropped and how many were already logged, so each drop is reported and logged once.
/// </summary>
internal sealed class DropCounter
{
    private readonly long[] _counts = new long[DropReasons.All.Length];
    private readonly long[] _reported = new long[DropReasons.All.Length];
    private readonly long[] _logged = new long[DropReasons.All.Length];
    private volatile string? _lastError;

    public long Total
    {
        get
        {
            var total = 0L;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    public void Add(DropReason reason, long count = 1, string? error = null)
    {
        if (error is not null)
        {
            _lastError = error;
        }

        Interlocked.Add(ref _counts[(int)reason], count);
    }

    /// <summary>Drops not reported yet, by reason, now counted as reported (the sending loop's side only).</summary>
    public List<(DropReason Reason, long Count)> TakeUnreported() => Take(_reported);

    /// <summary>A report that could not be sent is reported again later.</summary>
    public void Unreport(IEnumerable<(DropReason Reason, long Count)> report)
    {
        foreach (var (reason, count) in report)
        {
            _reported[(int)reason] -= count;
        }
    }

    /// <summary>Drops not logged yet, as "2 queue_full, 1 send_failed (last error: ...)"; null when there are none.</summary>
    public (long Count, string Reasons)? TakeUnlogged()
    {
        var unlogged = Take(_logged);
        if (unlogged.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder().AppendJoin(
            ", ", unlogged.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Count} {DropReasons.Tag(u.Reason)}")));
        if (unlogged.Any(u => u.Reason == DropReason.SendFailed) && _lastError is { } error)
        {
            text.Append(" (last error: ").Append(error).Append(')');
        }

        return (unlogged.Sum(u => u.Count), text.ToString());
    }

    private List<(DropReason Reason, long Count)> Take(long[] seen)
    {
        var taken = new List<(DropReason, long)>();
        foreach (var reason in DropReasons.All)
        {
            var count = Interlocked.Read(ref _counts[(int)reason]) - seen[(int)reason];
            if (count > 0)
            {
                seen[(int)reason] += count;
                taken.Add((reason, count));
            }
        }

        return taken;
    }
}
