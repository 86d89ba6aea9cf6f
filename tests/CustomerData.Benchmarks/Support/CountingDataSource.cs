using System.Diagnostics;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;

namespace CustomerData.Benchmarks.Support;

/// <summary>
/// Wraps a real source and records what it is asked for: each measurement, the statements it sent to the database
/// and its values (rows scanned are read afterwards by <see cref="RowsScannedProfiler"/>).
/// </summary>
internal sealed class CountingDataSource(IDataSource inner) : IDataSource
{
    private readonly List<MeasurementLog> _log = [];

    public IReadOnlyList<MeasurementLog> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public int Queries => Log.Sum(m => m.Statements);

    public void Reset()
    {
        lock (_log)
        {
            _log.Clear();
        }
    }

    /// <summary>Opens every source of a configuration wrapped in a counter.</summary>
    public static (DataSources Sources, IReadOnlyDictionary<string, CountingDataSource> Counters) Open(MonitorConfig config, SourceEnvironment environment)
    {
        var counters = config.Sources.ToDictionary(
            pair => pair.Key,
            pair => new CountingDataSource(Catalog.Default.SourceKindOf(pair.Value).Create(pair.Value, environment)),
            StringComparer.Ordinal);
        return (new DataSources(counters.ToDictionary(p => p.Key, p => (IDataSource)p.Value, StringComparer.Ordinal)), counters);
    }

    public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) => inner.Describe(measurement);

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        var statements = inner.Describe(measurement).Count;
        var started = Stopwatch.GetTimestamp();
        var result = await inner.MeasureAsync(measurement, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (_log)
        {
            _log.Add(new MeasurementLog(measurement.Table, measurement.Measures.Count, statements, elapsed, null, [.. result.Values.Select(Loggable)], measurement));
        }

        return result;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    // Instants as epoch microseconds, counts as they are; a table's columns and a bucket series log no number.
    private static long? Loggable(CustomerData.Checks.Values.MeasuredValue value) => value switch
    {
        CustomerData.Checks.Values.InstantValue i => (i.Value - DateTimeOffset.UnixEpoch).Ticks / 10,
        CustomerData.Checks.Values.ColumnsValue or CustomerData.Checks.Values.SeriesValue => null,
        _ => value.AsCount(),
    };
}
