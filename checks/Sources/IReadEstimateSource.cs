using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A source that can say what a measurement would read from the table's size and its read budget, without reading it (DynamoDB).</summary>
internal interface IReadEstimateSource
{
    /// <summary>The reads <see cref="IDataSource.MeasureAsync"/> would make; never throws for an unreachable source (the estimate carries the error).</summary>
    Task<ReadEstimate> EstimateReadsAsync(TableMeasurement measurement, CancellationToken cancellationToken);
}

/// <summary>What one measurement's reads would consume.</summary>
/// <param name="Lines">One line per read, as plan prints it after "-- estimate: ".</param>
/// <param name="Parts">The read units of each read, with the checks sharing it.</param>
/// <param name="Duration">How long the reads take at the source's read budget, one after another.</param>
/// <param name="UnitsPerSecond">The source's read budget.</param>
/// <param name="Warnings">What may make the estimate wrong (a size DynamoDB has not counted yet).</param>
/// <param name="Error">Why there is no estimate (the table's size could not be read); the other fields are then empty.</param>
internal sealed record ReadEstimate(
    IReadOnlyList<string> Lines, IReadOnlyList<ReadPart> Parts, TimeSpan Duration, double UnitsPerSecond, IReadOnlyList<string> Warnings, string? Error = null)
{
    public double ReadUnits => Parts.Sum(p => p.ReadUnits);

    public static ReadEstimate Failed(double unitsPerSecond, string error) => new([], [], TimeSpan.Zero, unitsPerSecond, [], error);
}

/// <summary>The read units of one read, and the names of the checks it serves (who share it evenly).</summary>
internal sealed record ReadPart(double ReadUnits, IReadOnlyList<string> Checks);
