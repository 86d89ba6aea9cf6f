using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;

namespace CustomerData.Monitors.Cost;

/// <summary>What one planned read would cost: BigQuery's dry-run estimates, DynamoDB's read estimate, or neither (a local source).</summary>
internal sealed record SliceCost(PlannedMeasurement Slice, IReadOnlyList<QueryEstimate>? Queries, ReadEstimate? Reads)
{
    /// <summary>On a source with no per-read price (DuckDB, PostgreSQL).</summary>
    public bool IsLocal => Queries is null && Reads is null;

    /// <summary>Statements whose dry run BigQuery refused (bad SQL, missing table, not a SELECT).</summary>
    public int Refused => Queries?.Count(q => q.Error is not null && q.Refused) ?? 0;

    /// <summary>Estimates that could not be made for want of an answer: a dry run that failed, a DescribeTable that did.</summary>
    public int Failed => (Queries?.Count(q => q.Error is not null && !q.Refused) ?? 0) + (Reads?.Error is null ? 0 : 1);

    /// <summary>Dry-runs the slice's statements when asked and the source can, and estimates its reads when the source can; never throws but for cancellation.</summary>
    public static async Task<SliceCost> EstimateAsync(IDataSource source, PlannedMeasurement slice, bool dryRun, CancellationToken cancellationToken)
    {
        IReadOnlyList<QueryEstimate>? queries = null;
        if (dryRun && source is IDryRunSource dry)
        {
            try
            {
                queries = await dry.DryRunAsync(slice.Measurement, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // The statement is still shown, with why it has no estimate: never a silent 0 bytes.
                queries = [new QueryEstimate(string.Join("\n\n", source.Describe(slice.Measurement)), null, null, $"{error.GetType().Name}: {error.Message}")];
            }
        }

        var reads = source is IReadEstimateSource estimating
            ? await estimating.EstimateReadsAsync(slice.Measurement, cancellationToken).ConfigureAwait(false)
            : null;
        return new SliceCost(slice, queries, reads);
    }
}
