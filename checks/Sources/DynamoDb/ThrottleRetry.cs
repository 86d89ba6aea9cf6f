using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Retries requests DynamoDB refused for throughput or a server fault, with capped exponential backoff and full jitter.</summary>
/// <remarks>See "Error retries and exponential backoff" in the DynamoDB developer guide: throttling and 5xx errors are safe to retry; the rest are not.</remarks>
internal sealed class ThrottleRetry(TimeProvider time, int maxAttempts = 8, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
{
    private readonly TimeSpan _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(50);
    private readonly TimeSpan _maxDelay = maxDelay ?? TimeSpan.FromSeconds(5);
    private int _retries;

    /// <summary>Retries made since the source opened.</summary>
    public int Retries => Volatile.Read(ref _retries);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await request(cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException error) when (attempt < maxAttempts && IsRetryable(error))
            {
                Interlocked.Increment(ref _retries);
                var cap = Math.Min(_maxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static bool IsRetryable(AmazonServiceException error) =>
        error is ProvisionedThroughputExceededException or ThrottlingException or RequestLimitExceededException or InternalServerErrorException
        || error.ErrorCode is "ThrottlingException" or "ProvisionedThroughputExceededException" or "RequestLimitExceeded" or "ServiceUnavailable"
        || (int)error.StatusCode >= 500;
}
