using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;

namespace CustomerData.Tests.TestSupport;

/// <summary>Wraps a real source and records every measurement it is asked for.</summary>
internal sealed class CountingDataSource(IDataSource inner) : IDataSource
{
    private int _queries;

    public List<TableMeasurement> Measurements { get; } = [];

    /// <summary>Statements actually sent to the database.</summary>
    public int Queries => _queries;

    public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) => inner.Describe(measurement);

    public string Reproduce(TableMeasurement measurement) => inner.Reproduce(measurement);

    public Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        lock (Measurements)
        {
            Measurements.Add(measurement);
        }

        Interlocked.Add(ref _queries, inner.Describe(measurement).Count);
        return inner.MeasureAsync(measurement, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
