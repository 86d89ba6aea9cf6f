using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A source that can estimate what a measurement would cost without running it (BigQuery dry runs).</summary>
public interface IDryRunSource
{
    /// <summary>One estimate per statement or metadata read <see cref="IDataSource.MeasureAsync"/> would issue, in order.</summary>
    Task<IReadOnlyList<QueryEstimate>> DryRunAsync(TableMeasurement measurement, CancellationToken cancellationToken);
}

/// <summary>What one statement would read and bill, or why it cannot run.</summary>
/// <param name="Statement">The statement as <see cref="IDataSource.Describe"/> prints it.</param>
/// <param name="BytesProcessed">Bytes the warehouse estimates it would read; null when the dry run failed.</param>
/// <param name="BytesBilled">Bytes it would bill under on-demand pricing (rounded up, with the per-query minimum); null when unknown.</param>
/// <param name="Error">Why the warehouse refused it; null when it would run.</param>
public sealed record QueryEstimate(string Statement, long? BytesProcessed, long? BytesBilled, string? Error = null)
{
    /// <summary>True when the warehouse itself refused the statement (bad SQL, missing table, not a SELECT), not when it was unreachable.</summary>
    public bool Refused { get; init; }

    /// <summary>The names of the checks the statement serves (who share its bytes); null for every check of the measurement.</summary>
    public IReadOnlyList<string>? Checks { get; init; }
}
