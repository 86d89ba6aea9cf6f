using System.Collections.Concurrent;
using CustomerData.Alerts.DogStatsd;

namespace CustomerData.Tests.TestSupport;

/// <summary>Records the calls made to IDogStatsd, for tests about what is sent rather than how it is framed.</summary>
internal sealed class RecordingDogStatsd : IDogStatsd
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public long DroppedDatagrams => 0;

    public void Counter(string statName, double value, double sampleRate = 1, string[]? tags = null, DateTimeOffset? timestamp = null) => Record("count", statName, value, tags);

    public void Increment(string statName, int value = 1, double sampleRate = 1, string[]? tags = null) => Record("increment", statName, value, tags);

    public void Decrement(string statName, int value = 1, double sampleRate = 1, string[]? tags = null) => Record("decrement", statName, value, tags);

    public void Gauge(string statName, double value, double sampleRate = 1, string[]? tags = null, DateTimeOffset? timestamp = null) => Record("gauge", statName, value, tags);

    public void Histogram(string statName, double value, double sampleRate = 1, string[]? tags = null) => Record("histogram", statName, value, tags);

    public void Distribution(string statName, double value, double sampleRate = 1, string[]? tags = null) => Record("distribution", statName, value, tags);

    public void Set(string statName, string value, double sampleRate = 1, string[]? tags = null) => Calls.Enqueue($"set {statName} {value}");

    public void Timer(string statName, double value, double sampleRate = 1, string[]? tags = null) => Record("timer", statName, value, tags);

    public IDisposable StartTimer(string name, double sampleRate = 1, string[]? tags = null) => throw new NotSupportedException();

    public void Event(string title, string text, string? alertType = null, string? aggregationKey = null, string? sourceType = null, int? dateHappened = null, string? priority = null, string? hostname = null, string[]? tags = null) =>
        Calls.Enqueue($"event {alertType} {aggregationKey} {title}");

    public void ServiceCheck(string name, Status status, int? timestamp = null, string? hostname = null, string[]? tags = null, string? message = null) =>
        Calls.Enqueue($"service_check {name} {status} {message}");

    public void Flush(TimeSpan? timeout = null)
    {
    }

    public void Dispose()
    {
    }

    private void Record(string kind, string name, double value, string[]? tags) =>
        Calls.Enqueue(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind} {name} {value} [{string.Join(",", tags ?? [])}]"));
}
