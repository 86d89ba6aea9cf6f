using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A place checks read from: it measures a table slice in as few reads as it can.</summary>
public interface IDataSource : IAsyncDisposable
{
    /// <summary>Connects ahead of the first measurement (creating the demo warehouse if asked to); cheap when already open.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>The statements <see cref="MeasureAsync"/> would issue for this measurement, as text.</summary>
    IReadOnlyList<string> Describe(TableMeasurement measurement);

    /// <summary>
    /// What a person runs by hand to get this measurement's values: <see cref="Describe"/>'s statements with every
    /// parameter written as a literal. Sources without parameters (DynamoDB's request text) describe it as it is.
    /// </summary>
    string Reproduce(TableMeasurement measurement) => string.Join("\n\n", Describe(measurement));

    /// <summary>Measures every aggregate; the values come back in the order of <see cref="TableMeasurement.Measures"/>.</summary>
    Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken);
}
