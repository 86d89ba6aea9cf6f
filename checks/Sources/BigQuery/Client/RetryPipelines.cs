using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>One HTTP exchange: the JSON body of a success, or BigQuery's error.</summary>
internal sealed record HttpAnswer(JsonElement Body, BigQueryError? Error);

/// <summary>
/// Truncated exponential backoff with jitter (Polly), at two levels, as BigQuery's error table asks: a request that
/// failed transiently (rateLimitExceeded, backendError, 5xx, network) is sent again unchanged, keeping its requestId so
/// BigQuery can deduplicate; a job that failed transiently (jobRateLimitExceeded...) is run again as a new job.
/// </summary>
internal sealed class RetryPipelines
{
    public RetryPipelines(BigQueryTuning tuning, TimeProvider time)
    {
        Request = new ResiliencePipelineBuilder<HttpAnswer> { TimeProvider = time }
            .AddRetry(Options<HttpAnswer>(tuning, outcome => outcome switch
            {
                { Exception: HttpRequestException or TimeoutRejectedException } => true,
                { Result.Error: { } error } => ErrorReasons.IsRetryable(error),
                _ => false,
            }))
            .AddTimeout(tuning.AttemptTimeout)
            .Build();
    }

    /// <summary>Retries one HTTP request; each attempt has its own timeout.</summary>
    public ResiliencePipeline<HttpAnswer> Request { get; }

    /// <summary>Retries a whole query as a new job when the job failed transiently.</summary>
    public static ResiliencePipeline<BigQueryOutcome<T>> Job<T>(BigQueryTuning tuning, TimeProvider time)
        where T : class =>
        new ResiliencePipelineBuilder<BigQueryOutcome<T>> { TimeProvider = time }
            .AddRetry(Options<BigQueryOutcome<T>>(tuning, outcome => outcome.Result?.Error is { } error && ErrorReasons.NeedsNewJob(error)))
            .Build();

    private static RetryStrategyOptions<TResult> Options<TResult>(BigQueryTuning tuning, Func<Outcome<TResult>, bool> retry) => new()
    {
        ShouldHandle = args => ValueTask.FromResult(retry(args.Outcome)),
        MaxRetryAttempts = tuning.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = tuning.RetryDelay,
        MaxDelay = tuning.MaxRetryDelay,
    };
}
