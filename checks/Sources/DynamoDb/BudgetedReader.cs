using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Sends reads through the source's budget and throttling retry, and counts what each one consumed.</summary>
internal sealed class BudgetedReader(IAmazonDynamoDB client, ReadBudget budget, ThrottleRetry retry)
{
    public Task<ScanResponse> ScanAsync(ScanRequest request, double estimatedUnits, ReadMeter meter, CancellationToken cancellationToken) =>
        ReadAsync(ct => client.ScanAsync(request, ct), response => response.ConsumedCapacity, estimatedUnits, meter, cancellationToken);

    public Task<QueryResponse> QueryAsync(QueryRequest request, double estimatedUnits, ReadMeter meter, CancellationToken cancellationToken) =>
        ReadAsync(ct => client.QueryAsync(request, ct), response => response.ConsumedCapacity, estimatedUnits, meter, cancellationToken);

    public Task<BatchGetItemResponse> BatchGetAsync(BatchGetItemRequest request, double estimatedUnits, ReadMeter meter, CancellationToken cancellationToken) =>
        ReadAsync(ct => client.BatchGetItemAsync(request, ct), response => response.ConsumedCapacity is { Count: > 0 } tables ? new ConsumedCapacity { CapacityUnits = tables.Sum(t => t.CapacityUnits ?? 0) } : null, estimatedUnits, meter, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> send, Func<T, ConsumedCapacity?> consumed, double estimatedUnits, ReadMeter meter, CancellationToken cancellationToken)
    {
        T response;
        try
        {
            await budget.ReserveAsync(estimatedUnits, cancellationToken).ConfigureAwait(false);
            response = await retry.RunAsync(send, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A refused or cancelled read consumed nothing; give its reservation back.
            budget.Settle(estimatedUnits, 0);
            throw;
        }

        // A server that does not report consumption is charged the estimate, so the budget still holds.
        var units = consumed(response)?.CapacityUnits ?? estimatedUnits;
        budget.Settle(estimatedUnits, units);
        meter.Add(units);
        return response;
    }
}
