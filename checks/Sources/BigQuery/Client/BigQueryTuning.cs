namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>The client's pacing: retries, polling and paging. Production uses <see cref="Default"/>; tests shorten the waits.</summary>
internal sealed record BigQueryTuning
{
    public static BigQueryTuning Default { get; } = new();

    /// <summary>Retries after the first attempt, for each request and again for each new job.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff; it doubles (with jitter) up to <see cref="MaxRetryDelay"/>: 1, 2, 4, 8, 16 s is about 31 s in all.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>How long one HTTP request may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>timeoutMs: how long BigQuery holds a jobs.query or getQueryResults call open waiting for the job.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>maxResults: rows per page.</summary>
    public int PageSize { get; init; } = 10_000;

    /// <summary>Makes the requestId of each attempt group (a UUID, as BigQuery asks).</summary>
    public Func<string> NewRequestId { get; init; } = () => Guid.NewGuid().ToString();
}
