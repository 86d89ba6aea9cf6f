using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;

namespace CustomerData.Tests.Engine;

/// <summary>
/// Wraps a real source: runs a scripted step before each read (a wait, a block until cancelled), then reads for real;
/// records how many reads were in flight at once and which reads ended with their token cancelled.
/// </summary>
internal sealed class ScriptedSource(IDataSource inner, Func<TableMeasurement, CancellationToken, Task>? before = null) : IDataSource
{
    private int _inFlight;
    private int _maxInFlight;
    private int _reads;

    public int Reads => _reads;

    /// <summary>The most reads that were started and not yet finished at one moment.</summary>
    public int MaxInFlight => _maxInFlight;

    public List<string> CancelledTables { get; } = [];

    public TaskCompletionSource<TableMeasurement> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static ScriptedSource Over(MonitorConfig config, TimeProvider time, Func<TableMeasurement, CancellationToken, Task>? before = null) =>
        new(Catalog.Default.SourceKindOf(config.Sources["mem"]).Create(config.Sources["mem"], new SourceEnvironment(".", time)), before);

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, IDataSource source, TimeProvider time, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = source });
        return await new CheckEngine(Catalog.Default, sources, time).RunAsync(config, config.Checks, cancellationToken, asOf);
    }

    public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) => inner.Describe(measurement);

    public string Reproduce(TableMeasurement measurement) => inner.Reproduce(measurement);

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var now = Interlocked.Increment(ref _inFlight);
        lock (CancelledTables)
        {
            _maxInFlight = Math.Max(_maxInFlight, now);
        }

        try
        {
            Started.TrySetResult(measurement);
            if (before is not null)
            {
                await before(measurement, cancellationToken);
            }

            return await inner.MeasureAsync(measurement, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            if (cancellationToken.IsCancellationRequested)
            {
                lock (CancelledTables)
                {
                    CancelledTables.Add(measurement.Table);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
