namespace CustomerData.Alerts.DogStatsd;

/// <summary>Sends the milliseconds between its creation and its first disposal as a timer metric.</summary>
internal sealed class MetricsTimer(IDogStatsd statsd, TimeProvider time, string name, double sampleRate, string[]? tags) : IDisposable
{
    private readonly long _started = time.GetTimestamp();
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            statsd.Timer(name, time.GetElapsedTime(_started).TotalMilliseconds, sampleRate, tags);
        }
    }
}
