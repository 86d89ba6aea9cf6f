using System.Text.Json;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>How a table is partitioned by time: DAY, HOUR, MONTH or YEAR, on a column or (Field null) on ingestion time.</summary>
internal sealed record TimePartitioning(string Type, string? Field)
{
    /// <summary>The column a query filters on to prune: the field, or the _PARTITIONTIME pseudo-column.</summary>
    public string Column => Field ?? "_PARTITIONTIME";
}

/// <summary>Rows streamed in but not yet in managed storage: numRows and lastModifiedTime do not count them yet.</summary>
internal sealed record StreamingBuffer(long? EstimatedRows, DateTimeOffset? OldestEntry);

/// <summary>What tables.get says about a table (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables); reading it is free.</summary>
internal sealed record TableMetadata(
    string Type,
    long? NumRows,
    DateTimeOffset? LastModified,
    TimePartitioning? Partitioning,
    bool RequirePartitionFilter,
    StreamingBuffer? StreamingBuffer,
    IReadOnlyList<SchemaField> Schema)
{
    public static TableMetadata Read(JsonElement body)
    {
        TimePartitioning? partitioning = null;
        var require = body.TryGetProperty("requirePartitionFilter", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (body.TryGetProperty("timePartitioning", out var time))
        {
            partitioning = new TimePartitioning(QueryPage.Text(time, "type") ?? "DAY", QueryPage.Text(time, "field"));
            // The older place for the flag, still returned for tables created with it.
            require |= time.TryGetProperty("requirePartitionFilter", out var old) && old.ValueKind == JsonValueKind.True;
        }

        StreamingBuffer? buffer = null;
        if (body.TryGetProperty("streamingBuffer", out var streaming))
        {
            buffer = new StreamingBuffer(QueryPage.Int64(streaming, "estimatedRows"), Milliseconds(QueryPage.Int64(streaming, "oldestEntryTime")));
        }

        return new TableMetadata(
            QueryPage.Text(body, "type") ?? "TABLE",
            QueryPage.Int64(body, "numRows"),
            Milliseconds(QueryPage.Int64(body, "lastModifiedTime")),
            partitioning,
            require,
            buffer,
            SchemaField.ReadAll(body));
    }

    private static DateTimeOffset? Milliseconds(long? value) => value is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
