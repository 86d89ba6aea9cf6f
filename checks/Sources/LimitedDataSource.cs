using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>Lets at most a fixed number of measurements run against one source at once, however many schedules fire together.</summary>
public sealed class LimitedDataSource(IDataSource inner, int maxConcurrent) : IDataSource, IKeySource, ISampleSource
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) => inner.Describe(measurement);

    public string Reproduce(TableMeasurement measurement) => inner.Reproduce(measurement);

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await inner.MeasureAsync(measurement, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    // A reconciliation's key sample goes through the same slots as the source's measurements.
    public Task<KeyRead> SampleKeysAsync(KeySampleRequest request, CancellationToken cancellationToken) =>
        KeysAsync(keys => keys.SampleKeysAsync(request, cancellationToken), cancellationToken);

    public Task<KeyRead> FindKeysAsync(KeyLookupRequest request, CancellationToken cancellationToken) =>
        KeysAsync(keys => keys.FindKeysAsync(request, cancellationToken), cancellationToken);

    private async Task<KeyRead> KeysAsync(Func<IKeySource, Task<KeyRead>> read, CancellationToken cancellationToken)
    {
        var keys = inner as IKeySource ?? throw new NotSupportedException("this source cannot sample or look up keys");
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await read(keys).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The wrapped source, for capabilities it may have besides measuring.</summary>
    public IDataSource Inner => inner;

    public string DescribeSample(SampleRequest request) => Samples().DescribeSample(request);

    public async Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, Definitions.CheckDefinition check, CancellationToken cancellationToken)
    {
        var samples = Samples();
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await samples.SampleAsync(request, check, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private ISampleSource Samples() => inner as ISampleSource ?? throw new NotSupportedException("this source fetches no failed-row samples");

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        _slots.Dispose();
    }
}
