namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>
/// How each BigQuery error reason is handled, after https://cloud.google.com/bigquery/docs/error-messages:
/// some are retried as they are (same requestId), some need a new job (new requestId), the rest are final.
/// </summary>
internal static class ErrorReasons
{
    public const string BytesBilledLimitExceeded = "bytesBilledLimitExceeded";

    private static readonly HashSet<string> SameRequest = new(StringComparer.Ordinal)
    {
        "rateLimitExceeded", "backendError", "internalError", "badGateway",
    };

    private static readonly HashSet<string> NewJob = new(StringComparer.Ordinal)
    {
        "jobRateLimitExceeded", "jobBackendError", "jobInternalError",
    };

    /// <summary>Worth sending again unchanged: the request may not have reached BigQuery, or BigQuery asked to slow down.</summary>
    public static bool IsRetryable(BigQueryError error) =>
        SameRequest.Contains(error.Reason)
        || (error.Reason.StartsWith("http", StringComparison.Ordinal) && (error.Status is 429 or >= 500));

    /// <summary>The job itself failed transiently: run the query again as a new job.</summary>
    public static bool NeedsNewJob(BigQueryError error) => NewJob.Contains(error.Reason);

    /// <summary>The bytes-billed cap: its reason string is not documented, so the message is matched too.</summary>
    public static bool IsBytesBilledLimit(BigQueryError error) =>
        error.Reason == BytesBilledLimitExceeded || error.Message.Contains("limit for bytes billed", StringComparison.OrdinalIgnoreCase);
}
