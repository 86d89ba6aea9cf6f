namespace CustomerData.Monitors.Service;

/// <summary>Why the service stopped on its own (the scheduler died, a background loop failed); null while nothing did.</summary>
internal sealed class ServiceFailure
{
    private string? _reason;

    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Keeps the first reason: later ones are consequences of it.</summary>
    public void Record(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);
}
