using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>plan's estimate of a measurement's reads: the table's size from DescribeTable (a control-plane call, no read units) and the read budget.</summary>
internal sealed partial class DynamoDbSource : IReadEstimateSource
{
    public async Task<ReadEstimate> EstimateReadsAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        try
        {
            var plan = ReadPlan.Of(measurement);
            var table = await DescribeTableAsync(measurement.Table, cancellationToken).ConfigureAwait(false);
            return ReadEstimator.Estimate(plan, table, _definition);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // A missing table, refused credentials or an unreachable endpoint: plan says so on this slice and goes on.
            var message = ShellText.Inline($"{error.GetType().Name}: {error.Message}");
            return ReadEstimate.Failed(_definition.MaxReadUnitsPerSecond, $"DescribeTable failed: {message}");
        }
    }
}
