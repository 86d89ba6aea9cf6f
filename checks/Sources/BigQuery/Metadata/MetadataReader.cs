using System.Globalization;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery.Metadata;

/// <summary>
/// Answers metadata measures without reading table data. Freshness and whole-table counts come from tables.get alone
/// (free, no job). Only a count over a window needs the partitions: one INFORMATION_SCHEMA.PARTITIONS query per
/// dataset, shared by every table of the dataset that asks within a minute.
/// </summary>
internal sealed class MetadataReader(BigQueryClient client, string dataProject, Func<TableMeasurement, PartitionQuery> partitionQuery, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, PartitionSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<MetadataAnswer> AnswerAsync(TableMeasurement measurement, IReadOnlyList<int> indexes, CancellationToken cancellationToken)
    {
        var (dataset, table) = Split(measurement.Table);
        var fetched = await client.GetTableAsync(dataProject, dataset, table, cancellationToken).ConfigureAwait(false);
        if (fetched.Error is { } error)
        {
            throw new BigQueryException($"tables.get {dataProject}.{measurement.Table}: {error}");
        }

        var metadata = fetched.Value!;
        if (metadata.Type is "VIEW" or "EXTERNAL" && indexes.Any(i => measurement.Measures[i].Function != MeasureFunction.Columns))
        {
            throw new BigQueryException($"{measurement.Table} is a {metadata.Type}: it has no row count or modification time of its own; use \"mode\": \"scan\"");
        }

        var answer = new MetadataAnswer();
        foreach (var index in indexes)
        {
            var measure = measurement.Measures[index];
            if (measure.Function == MeasureFunction.Columns)
            {
                answer.Typed[index] = Columns(metadata);
            }
            else if (measure.Function == MeasureFunction.MetadataLastModifiedEpochMicros)
            {
                AnswerLastModified(metadata, index, answer);
            }
            else if (measure.Scope.Window is null)
            {
                AnswerRowCount(metadata, index, answer);
            }
            else
            {
                await AnswerWindowAsync(measurement, metadata, measure.Scope.Window, index, answer, cancellationToken).ConfigureAwait(false);
            }
        }

        return answer;
    }

    // lastModifiedTime moves when data lands in managed storage; rows still in the streaming buffer prove an arrival
    // at least as recent as the oldest of them, so the newer of the two is the freshest thing metadata can vouch for.
    private static void AnswerLastModified(TableMetadata metadata, int index, MetadataAnswer answer)
    {
        var newest = metadata.LastModified;
        if (metadata.StreamingBuffer?.OldestEntry is { } buffered && (newest is null || buffered > newest))
        {
            newest = buffered;
            answer.Notes[index] = "from the streaming buffer's oldest entry (newer than lastModifiedTime)";
        }

        answer.Values[index] = newest is { } at ? (at - DateTimeOffset.UnixEpoch).Ticks / 10 : null;
    }

    // The top-level columns of schema.fields, typed the GoogleSQL way: a REPEATED field is an ARRAY of its type.
    private static Values.ColumnsValue Columns(TableMetadata metadata)
    {
        var types = BigQueryDialect.Instance.Types;
        return new Values.ColumnsValue([.. metadata.Schema.Select(field =>
            new Values.ColumnType(field.Name, field.IsRepeated ? $"ARRAY<{types.Canonical(field.Type)}>" : types.Canonical(field.Type)))])
        { Types = types };
    }

    // numRows leaves out the streaming buffer; BigQuery's estimate of the buffer is added and said to be one.
    private static void AnswerRowCount(TableMetadata metadata, int index, MetadataAnswer answer)
    {
        var rows = metadata.NumRows ?? 0;
        if (metadata.StreamingBuffer?.EstimatedRows is { } buffered and > 0)
        {
            answer.Notes[index] = string.Create(CultureInfo.InvariantCulture, $"numRows {rows:#,0} plus about {buffered:#,0} rows in the streaming buffer (BigQuery's estimate)");
            rows += buffered;
        }

        answer.Values[index] = rows;
    }

    private async Task AnswerWindowAsync(TableMeasurement measurement, TableMetadata metadata, TimeWindow window, int index, MetadataAnswer answer, CancellationToken cancellationToken)
    {
        if (metadata.Partitioning is not { } partitioning || !string.Equals(partitioning.Column, window.Column, StringComparison.OrdinalIgnoreCase))
        {
            throw new BigQueryException($"{measurement.Table} is not partitioned by time on {window.Column}: a metadata count over a window adds up partitions; use \"mode\": \"scan\"");
        }

        if (!PartitionRanges.IsBoundary(partitioning.Type, window.Start) || !PartitionRanges.IsBoundary(partitioning.Type, window.End))
        {
            throw new BigQueryException($"the window {window.Start.UtcDateTime:yyyy-MM-dd HH:mm} to {window.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC cuts through {partitioning.Type} partitions: metadata counts whole partitions; use \"window_alignment\": \"complete\" with a UTC-aligned window, or \"mode\": \"scan\"");
        }

        var (_, table) = Split(measurement.Table);
        var snapshot = await SnapshotAsync(measurement, answer, cancellationToken).ConfigureAwait(false);
        var inWindow = snapshot.Rows
            .Where(row => row.Table == table && PartitionRanges.Of(partitioning.Type, row.PartitionId) is { } span && span.Start >= window.Start && span.End <= window.End)
            .ToList();
        answer.Values[index] = inWindow.Sum(row => row.Rows);
        var note = $"{inWindow.Count} {partitioning.Type} partition{(inWindow.Count == 1 ? string.Empty : "s")} from INFORMATION_SCHEMA.PARTITIONS";
        if (metadata.StreamingBuffer?.EstimatedRows is { } buffered and > 0)
        {
            note += string.Create(CultureInfo.InvariantCulture, $"; about {buffered:#,0} rows still in the streaming buffer are in no partition yet and not counted");
        }

        answer.Notes[index] = note;
    }

    private async Task<PartitionSnapshot> SnapshotAsync(TableMeasurement measurement, MetadataAnswer answer, CancellationToken cancellationToken)
    {
        var (dataset, table) = Split(measurement.Table);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshots.TryGetValue(dataset, out var cached) && cached.Tables.Contains(table) && time.GetUtcNow() - cached.ReadAt < SnapshotLifetime)
            {
                return cached;
            }

            var query = partitionQuery(measurement);
            var outcome = await query.RunAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Error is { } error)
            {
                throw new BigQueryException($"INFORMATION_SCHEMA.PARTITIONS of {dataProject}.{dataset}: {error}");
            }

            var result = outcome.Value!;
            var rows = result.Rows.Select(r => new PartitionRow((string)r[0]!, (string)r[1]!, CellDecoder.ToMeasure(r[2]) ?? 0, r[3] as DateTimeOffset?)).ToList();
            var snapshot = new PartitionSnapshot(time.GetUtcNow(), query.Tables.ToHashSet(StringComparer.Ordinal), rows, result.BytesProcessed, result.BytesBilled, result.Reference);
            _snapshots[dataset] = snapshot;
            answer.BytesProcessed += result.BytesProcessed ?? 0;
            answer.BytesBilled += result.BytesBilled ?? 0;
            if (result.Reference is { } reference)
            {
                answer.JobIds.Add(reference);
            }

            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public static (string Dataset, string Table) Split(string table)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        return (table[..dot], table[(dot + 1)..]);
    }
}

/// <summary>The one query that reads a dataset's partitions, ready to run, with the table names it covers.</summary>
internal sealed record PartitionQuery(IReadOnlyList<string> Tables, QueryJob Job, Func<CancellationToken, Task<BigQueryOutcome<QueryResult>>> RunAsync);
