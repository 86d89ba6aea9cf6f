namespace CustomerData.Tests.BigQuery.Emulator;

/// <summary>What tables.get says about a fixture table beyond its rows and columns (which come from DuckDB).</summary>
internal sealed record EmulatedTable
{
    public string Type { get; init; } = "TABLE";

    /// <summary>The DAY-partitioning column, or null for an unpartitioned table.</summary>
    public string? PartitionColumn { get; init; }

    public bool RequirePartitionFilter { get; init; }

    public DateTimeOffset LastModified { get; init; } = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public long? StreamingRows { get; init; }

    public DateTimeOffset? StreamingOldest { get; init; }
}

/// <summary>Which kind of request a scripted fault answers.</summary>
internal enum EmulatorRoute
{
    Query,
    DryRun,
    Results,
    Tables,
}

/// <summary>One request the emulator received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string Body)
{
    public bool IsQuery => Method == "POST" && PathAndQuery.EndsWith("/queries", StringComparison.Ordinal) && !Body.Contains("\"dryRun\":true", StringComparison.Ordinal);

    public bool IsDryRun => Method == "POST" && PathAndQuery.EndsWith("/queries", StringComparison.Ordinal) && Body.Contains("\"dryRun\":true", StringComparison.Ordinal);

    public bool IsTablesGet => Method == "GET" && PathAndQuery.Contains("/tables/", StringComparison.Ordinal);
}
