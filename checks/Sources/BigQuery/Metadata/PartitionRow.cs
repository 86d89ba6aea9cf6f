namespace CustomerData.Checks.Sources.BigQuery.Metadata;

/// <summary>One row of INFORMATION_SCHEMA.PARTITIONS: a partition of a table, its rows and when it last changed.</summary>
internal sealed record PartitionRow(string Table, string PartitionId, long Rows, DateTimeOffset? LastModified);

/// <summary>The partitions of some tables of one dataset, as read at one moment, with what reading them cost.</summary>
internal sealed record PartitionSnapshot(DateTimeOffset ReadAt, IReadOnlySet<string> Tables, IReadOnlyList<PartitionRow> Rows, long? BytesProcessed, long? BytesBilled, string? JobReference);
