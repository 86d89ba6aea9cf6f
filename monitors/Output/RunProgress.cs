using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;

namespace CustomerData.Monitors.Output;

/// <summary>
/// Progress of a run on standard error: "measured 120/400 checks (30%)" as reads finish, and while a read is slow
/// (a large scan, a DynamoDB scan paced by its read budget) which one and for how long. It watches the sources from
/// outside (each source wrapped), so the engine knows nothing of it; lines are at most one per interval, plus the last.
/// </summary>
internal sealed class RunProgress : IDisposable
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly int _total;
    private readonly TimeSpan _every;
    private readonly long _started;
    private readonly TimeSpan _quietFor;
    private readonly HashSet<string> _measured = new(StringComparer.Ordinal);
    private readonly Dictionary<TableMeasurement, long> _inFlight = new(ReferenceEqualityComparer.Instance);
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long? _lastLine;

    /// <param name="total">The checks the run measures.</param>
    /// <param name="quietFor">Nothing is printed before the run has lasted this long (zero when progress was asked for).</param>
    public RunProgress(TextWriter writer, TimeProvider time, int total, TimeSpan every, TimeSpan quietFor)
    {
        (_writer, _time, _total, _every, _quietFor) = (writer, time, total, every, quietFor);
        _started = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Tick(), null, every, every);
    }

    /// <summary>The sources of a run, each wrapped so its reads are counted.</summary>
    public DataSources Wrap(MonitorConfig config, Checks.Catalog catalog, SourceEnvironment environment) =>
        new(config.Sources.ToDictionary(
            pair => pair.Key,
            pair => Watch(catalog.SourceKindOf(pair.Value).Create(pair.Value, environment)),
            StringComparer.Ordinal));

    /// <summary>The source, wrapped so its reads are counted.</summary>
    public IDataSource Watch(IDataSource source) => new CountingSource(source, this);

    public void Dispose() => _timer.Dispose();

    private void Started(TableMeasurement measurement)
    {
        lock (_lock)
        {
            _inFlight[measurement] = _time.GetTimestamp();
        }
    }

    private void Finished(TableMeasurement measurement)
    {
        lock (_lock)
        {
            _inFlight.Remove(measurement);
            foreach (var served in measurement.Checks)
            {
                _measured.Add(served.Check.Name);
            }

            if (Due())
            {
                Write(Line(Math.Min(_measured.Count, _total), null));
            }
        }
    }

    /// <summary>The closing line, once the run has its results; a run that stayed quiet stays quiet.</summary>
    public void Done(int results)
    {
        _timer.Dispose();
        lock (_lock)
        {
            if (_lastLine is not null || _quietFor == TimeSpan.Zero)
            {
                Write($"measured {Count(results)}/{Count(_total)} checks (100%) in {Duration.Format(Elapsed(_started))}");
            }
        }
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (_inFlight.Count > 0 && Due())
            {
                var (slowest, since) = _inFlight.MinBy(pair => pair.Value);
                Write(Line(Math.Min(_measured.Count, _total), $"; reading {slowest.Source}:{slowest.Table} for {Duration.Format(Elapsed(since))}"));
            }
        }
    }

    // Callers hold _lock.
    private bool Due() => Elapsed(_started) >= _quietFor && (_lastLine is not { } last || Elapsed(last) >= _every);

    private string Line(int done, string? slow) =>
        $"measured {Count(done)}/{Count(_total)} checks ({(_total == 0 ? 100 : done * 100 / _total).ToString(CultureInfo.InvariantCulture)}%){slow}";

    private void Write(string line)
    {
        _writer.WriteLine(line);
        _writer.Flush();
        _lastLine = _time.GetTimestamp();
    }

    private TimeSpan Elapsed(long since) => _time.GetElapsedTime(since);

    private static string Count(int count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A source that tells the progress when each read starts and ends.</summary>
    private sealed class CountingSource(IDataSource inner, RunProgress progress) : IDataSource
    {
        public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public IReadOnlyList<string> Describe(TableMeasurement measurement) => inner.Describe(measurement);

        public string Reproduce(TableMeasurement measurement) => inner.Reproduce(measurement);

        public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
        {
            progress.Started(measurement);
            try
            {
                return await inner.MeasureAsync(measurement, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                progress.Finished(measurement);
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
