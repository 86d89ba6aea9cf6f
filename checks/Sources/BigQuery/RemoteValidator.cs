using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sources.BigQuery.Metadata;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// validate --remote for BigQuery: each table exists (tables.get), each column exists with a type the dialect can use,
/// metadata mode fits the table, partition filters are satisfied, and each check's statement dry-runs as a SELECT
/// within its cap. Nothing is billed.
/// </summary>
internal sealed class RemoteValidator(BigQuerySource source)
{
    public async Task<IReadOnlyList<RemoteFinding>> ValidateAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken)
    {
        var findings = new List<RemoteFinding>();
        foreach (var table in checks.GroupBy(c => c.Check.Table, StringComparer.Ordinal))
        {
            var (dataset, name) = MetadataReader.Split(table.Key);
            var outcome = await source.Client.GetTableAsync(source.DataProject, dataset, name, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is { } error)
            {
                var what = error.Reason == "notFound" ? $"table {table.Key} not found in project {source.DataProject}" : $"cannot read the metadata of {table.Key}";
                findings.AddRange(table.Select(c => Error(JsonPath.Property(c.Path, "table"), $"{what}: {error}", "check the dataset and table names, the project and the location")));
                continue;
            }

            foreach (var (check, path, planned) in table)
            {
                var local = Check(path, planned, table.Key, outcome.Value!);
                findings.AddRange(local);
                if (!local.Any(f => !f.IsWarning) && planned is not null)
                {
                    findings.AddRange(await DryRunAsync(check, path, planned, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return findings;
    }

    private List<RemoteFinding> Check(string path, TableMeasurement? planned, string table, TableMetadata metadata)
    {
        // What to look for comes from the measures the check was planned into, never from its kind.
        var findings = new List<RemoteFinding>();
        var measures = planned?.Measures ?? [];
        var metadataMode = measures.Any(m => m.Function is MeasureFunction.MetadataRowCount or MeasureFunction.MetadataLastModifiedEpochMicros);
        var windowColumn = measures.Select(m => m.Scope.Window?.Column).FirstOrDefault(c => c is not null);
        var columns = measures
            .SelectMany(m => new[]
            {
                m.Function == MeasureFunction.NewestEpochMicros ? ("column", m.Column, true) : default,
                m.Scope.NullColumn is { } nulls ? ("column", nulls, false) : default,
            })
            .Append(windowColumn is not null && windowColumn != "_PARTITIONTIME" ? ("time_column", windowColumn, true) : default)
            .Where(c => c.Item2 is not null)
            .Select(c => (Field: c.Item1, Name: c.Item2!, Timestamp: c.Item3))
            .Distinct()
            .ToList();

        foreach (var (field, name, timestamp) in columns)
        {
            var found = SchemaField.Find(metadata.Schema, name);
            if (found is null)
            {
                findings.Add(Error(JsonPath.Property(path, field), $"column \"{name}\" not found in {source.DataProject}.{table}", Suggestions.Hint(name, [.. metadata.Schema.Select(f => f.Name)])));
            }
            else if (timestamp && found.Type != "TIMESTAMP")
            {
                findings.Add(Error(JsonPath.Property(path, field), $"column \"{name}\" is {found.Type}, not TIMESTAMP", "freshness and windows compare TIMESTAMP values: name a TIMESTAMP column"));
            }
        }

        var partitionColumn = metadata.Partitioning?.Column;
        var onPartitions = partitionColumn is not null && string.Equals(partitionColumn, windowColumn, StringComparison.OrdinalIgnoreCase);
        if (metadataMode)
        {
            if (metadata.Type is "VIEW" or "EXTERNAL")
            {
                findings.Add(Error(JsonPath.Property(path, "mode"), $"{table} is a {metadata.Type}: it has no row count or modification time of its own", "use \"mode\": \"scan\""));
            }
            else if (windowColumn is not null && !onPartitions)
            {
                findings.Add(Error(JsonPath.Property(path, "time_column"), $"a metadata count over a window adds up partitions, and {table} is not partitioned by time on {windowColumn}", "use \"mode\": \"scan\", or the partitioning column"));
            }
            else if (windowColumn is not null && Window(planned) is { } window && metadata.Partitioning is { } partitioning
                && !(PartitionRanges.IsBoundary(partitioning.Type, window.Start) && PartitionRanges.IsBoundary(partitioning.Type, window.End)))
            {
                findings.Add(Error(JsonPath.Property(path, "window"), $"the window cuts through {partitioning.Type} partitions (UTC), so whole partitions cannot add up to it", "use \"window_alignment\": \"complete\" with defaults.timezone \"UTC\", or \"mode\": \"scan\""));
            }

            return findings;
        }

        if (metadata.RequirePartitionFilter && !onPartitions)
        {
            findings.Add(Error(path, $"{table} requires a filter on its partitioning column {partitionColumn}, and this check has no window on it", $"add \"time_column\": \"{partitionColumn}\" and a \"window\""));
        }
        else if (partitionColumn is not null && windowColumn is not null && !onPartitions)
        {
            findings.Add(new RemoteFinding(new ConfigProblem(JsonPath.Property(path, "time_column"), $"{table} is partitioned on {partitionColumn}, not {windowColumn}: every partition is read", $"window on {partitionColumn} if it tracks {windowColumn}, so BigQuery prunes partitions"), IsWarning: true));
        }

        return findings;
    }

    private async Task<List<RemoteFinding>> DryRunAsync(CheckDefinition check, string path, TableMeasurement planned, CancellationToken cancellationToken)
    {
        var findings = new List<RemoteFinding>();
        if (planned.Target is QueryTarget)
        {
            var cap = source.Cap([check]);
            foreach (var estimate in await source.DryRunAsync(planned, cancellationToken).ConfigureAwait(false))
            {
                if (estimate.Error is { } refused)
                {
                    findings.Add(Error(JsonPath.Property(path, "query"), $"the query does not dry-run as one SELECT: {refused}", "a sql check's query is one GoogleSQL SELECT over tables the project can read"));
                }
                else if (estimate.BytesBilled > cap)
                {
                    findings.Add(new RemoteFinding(new ConfigProblem(JsonPath.Property(path, "maximum_bytes_billed"), $"the query needs {ByteSize.Describe(estimate.BytesBilled.Value)}, cap is {ByteSize.Describe(cap)}: it will be UNKNOWN", "raise maximum_bytes_billed, or make the query read less"), IsWarning: true));
                }
            }

            return findings;
        }

        var (_, scans) = BigQuerySource.Split(planned);
        foreach (var (statement, job, _) in source.Statements(planned, scans))
        {
            var estimate = await source.EstimateAsync(job, statement.Describe(), cancellationToken).ConfigureAwait(false);
            var at = check.Filter is not null ? JsonPath.Property(path, "filter") : path;
            if (estimate.Error is { } error)
            {
                findings.Add(Error(at, $"the check's query does not dry-run: {error}", check.Filter is not null ? "the filter must be one GoogleSQL predicate over the table's columns" : null));
            }
            else if (estimate.BytesBilled > job.MaximumBytesBilled)
            {
                findings.Add(new RemoteFinding(new ConfigProblem(JsonPath.Property(path, "maximum_bytes_billed"), $"the query needs {ByteSize.Describe(estimate.BytesBilled.Value)}, cap is {ByteSize.Describe(job.MaximumBytesBilled)}: it will be UNKNOWN", "raise maximum_bytes_billed, or narrow the check with a window on the partitioning column"), IsWarning: true));
            }
        }

        return findings;
    }

    // The window as the planner resolved it for this run.
    private static TimeWindow? Window(TableMeasurement? planned) =>
        planned?.Measures.Select(m => m.Scope.Window).FirstOrDefault(w => w is not null);

    private static RemoteFinding Error(string path, string message, string? hint) => new(new ConfigProblem(path, message, hint));
}
