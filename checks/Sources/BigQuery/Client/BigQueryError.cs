namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>An error BigQuery (or the way to it) answered with: the HTTP status, BigQuery's reason, and its message.</summary>
internal sealed record BigQueryError(int Status, string Reason, string Message)
{
    /// <summary>"invalidQuery: Unrecognized name: foo at [3:15]": the reason first, as BigQuery's documentation lists them.</summary>
    public override string ToString() => $"{Reason}: {Message}";
}

/// <summary>A value or the error that stopped it: expected failures travel as values inside the client.</summary>
internal sealed record BigQueryOutcome<T>(T? Value, BigQueryError? Error)
    where T : class
{
    public static BigQueryOutcome<T> Ok(T value) => new(value, null);

    public static BigQueryOutcome<T> Fail(BigQueryError error) => new(null, error);

    public static implicit operator BigQueryOutcome<T>(BigQueryError error) => Fail(error);
}
