using System.Diagnostics;
using System.Text.Json;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;

namespace CustomerData.Benchmarks.Support;

/// <summary>
/// Wraps a real source and records what it is asked for: statements sent to the database and, when the
/// source's DuckDB connection writes a JSON profile (PRAGMA enable_profiling), the rows each one scanned.
/// </summary>
internal sealed class CountingDataSource(IDataSource inner, string? profilePath) : IDataSource
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

    /// <summary>Opens every source of a configuration wrapped in a counter; one profile file per source when asked.</summary>
    public static (DataSources Sources, IReadOnlyDictionary<string, CountingDataSource> Counters) Open(MonitorConfig config, SourceEnvironment environment, Func<string, string?>? profilePathOf = null)
    {
        var counters = config.Sources.ToDictionary(
            pair => pair.Key,
            pair => new CountingDataSource(Catalog.Default.SourceKindOf(pair.Value).Create(pair.Value, environment), profilePathOf?.Invoke(pair.Key)),
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

        // DuckDB rewrites the profile file after every statement, so it holds the last one: exact when a
        // measurement is one statement, which CountingDataSource's callers check.
        var rows = profilePath is not null && statements == 1 ? RowsScanned(profilePath) : null;
        lock (_log)
        {
            _log.Add(new MeasurementLog(measurement.Table, measurement.Measures.Count, statements, elapsed, rows, [.. result.Values.Select(v => v is CustomerData.Checks.Values.InstantValue i ? (i.Value - DateTimeOffset.UnixEpoch).Ticks / 10 : v.AsCount())]));
        }

        return result;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static long? RowsScanned(string profilePath)
    {
        using var profile = JsonDocument.Parse(File.ReadAllBytes(profilePath));
        return profile.RootElement.TryGetProperty("cumulative_rows_scanned", out var rows) ? rows.GetInt64() : null;
    }
}
