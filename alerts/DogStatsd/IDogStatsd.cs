namespace CustomerData.Alerts.DogStatsd;

/// <summary>Service-check statuses, numbered as DogStatsD numbers them.</summary>
public enum Status
{
    OK = 0,
    WARNING = 1,
    CRITICAL = 2,
    UNKNOWN = 3,
}

/// <summary>
/// The surface of the official DogStatsD C# client's <c>IDogStatsd</c> (the StatsdClient package is not
/// served to this project): swapping to it later is a one-file change. Calls never block and never throw.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Event and Set are the official client's member names; keeping them makes the swap a one-file change.")]
public interface IDogStatsd : IDisposable
{
    /// <summary>Datagrams dropped because the queue was full or the transport failed.</summary>
    long DroppedDatagrams { get; }

    void Counter(string statName, double value, double sampleRate = 1.0, string[]? tags = null, DateTimeOffset? timestamp = null);

    void Increment(string statName, int value = 1, double sampleRate = 1.0, string[]? tags = null);

    void Decrement(string statName, int value = 1, double sampleRate = 1.0, string[]? tags = null);

    void Gauge(string statName, double value, double sampleRate = 1.0, string[]? tags = null, DateTimeOffset? timestamp = null);

    void Histogram(string statName, double value, double sampleRate = 1.0, string[]? tags = null);

    void Distribution(string statName, double value, double sampleRate = 1.0, string[]? tags = null);

    void Set(string statName, string value, double sampleRate = 1.0, string[]? tags = null);

    void Timer(string statName, double value, double sampleRate = 1.0, string[]? tags = null);

    /// <summary>Starts a timer that sends its elapsed milliseconds when disposed.</summary>
    IDisposable StartTimer(string name, double sampleRate = 1.0, string[]? tags = null);

    /// <summary>alertType: error, warning, info, success; priority: normal, low.</summary>
    void Event(string title, string text, string? alertType = null, string? aggregationKey = null, string? sourceType = null, int? dateHappened = null, string? priority = null, string? hostname = null, string[]? tags = null);

    void ServiceCheck(string name, Status status, int? timestamp = null, string? hostname = null, string[]? tags = null, string? message = null);

    /// <summary>Sends everything queued so far; waits at most the given time.</summary>
    void Flush(TimeSpan? timeout = null);
}
