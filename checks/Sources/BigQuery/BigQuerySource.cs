using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sources.BigQuery.Metadata;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// Measures BigQuery tables: scan measures with one capped, labelled GoogleSQL query per table slice; metadata
/// measures from tables.get (and, for windows, the dataset's partitions) without reading rows.
/// </summary>
internal sealed partial class BigQuerySource : IDataSource, IDryRunSource, IRemoteValidatingSource
{
    /// <summary>
    /// The relative error of APPROX_COUNT_DISTINCT's HyperLogLog++: "a typical cardinality-counting sketch has a relative
    /// error of about 1% in 95% of all cases" (https://cloud.google.com/bigquery/docs/sketches).
    /// </summary>
    internal const double ApproxRelativeError = 0.01;

    private readonly BigQuerySourceDefinition _definition;
    private readonly SourceEnvironment _environment;
    private readonly BigQueryClient _client;
    private readonly IAccessTokenSource _tokens;
    private readonly BigQueryQueryBuilder _builder;
    private readonly BigQueryQueryBuilder _literalBuilder;
    private readonly MetadataReader _metadata;
    private readonly SemaphoreSlim _queries;
    private readonly long _defaultCap;
    private readonly FilterProof _filters;
    private readonly ConcurrentDictionary<string, bool> _checkedAsSelect = new(StringComparer.Ordinal);
    private readonly QueryTargetReader _queryReader;

    public BigQuerySource(BigQuerySourceDefinition definition, SourceEnvironment environment, BigQueryClient client, IAccessTokenSource tokens, FilterProof filters)
    {
        _filters = filters;
        _definition = definition;
        _environment = environment;
        _client = client;
        _tokens = tokens;
        DataProject = definition.DataProject ?? definition.Project;
        _builder = new BigQueryQueryBuilder(DataProject);
        _literalBuilder = new BigQueryQueryBuilder(DataProject, literals: true);
        _metadata = new MetadataReader(client, DataProject, PartitionQueryOf, environment.Time);
        _queries = new SemaphoreSlim(Math.Max(1, definition.MaxConcurrentQueries));
        _defaultCap = ByteSize.TryParse(definition.MaximumBytesBilled, out var cap) ? cap : 0;
        _queryReader = new QueryTargetReader(this, definition);
    }

    public string DataProject { get; }

    internal BigQueryClient Client => _client;

    /// <summary>Loads the credentials, so a source that cannot authenticate fails once, before any check is timed.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken) => await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) => Describe(measurement, literals: false);

    public string Reproduce(TableMeasurement measurement) => string.Join("\n\n", Describe(measurement, literals: true));

    private List<string> Describe(TableMeasurement measurement, bool literals)
    {
        if (measurement.Target is QueryTarget)
        {
            return [.. _queryReader.Describe(measurement)];
        }

        if (_filters.Check(measurement) is { } refusal)
        {
            return ["-- not run, " + refusal];
        }

        var (metadata, scans) = Split(measurement);
        var lines = new List<string>();
        if (metadata.Count > 0)
        {
            lines.Add($"-- tables.get {DataProject}.{measurement.Table}: {MetadataFields(measurement, metadata)} (table metadata: no rows read, nothing billed)");
            if (metadata.Any(i => measurement.Measures[i].Scope.Window is not null))
            {
                var job = PartitionQueryOf(measurement).Job;
                lines.Add((literals ? Literal(job) : Describe(job)) + "\n-- (rows per partition, once per dataset per run; summed over the partitions inside each window)");
            }
        }

        lines.AddRange(literals
            ? _literalBuilder.Build(measurement with { Measures = [.. scans.Select(i => measurement.Measures[i])] }).Select(s => s.Describe())
            : Statements(measurement, scans).Select(s => s.Statement.Describe()));
        return lines;
    }

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        if (measurement.Target is QueryTarget)
        {
            return await _queryReader.MeasureAsync(measurement, cancellationToken).ConfigureAwait(false);
        }

        var values = new long?[measurement.Measures.Count];
        var typed = new Dictionary<int, Values.MeasuredValue>();
        var numbers = new Dictionary<int, double?>();
        var notes = new Dictionary<int, string>();
        long processed = 0, billed = 0;
        var jobIds = new List<string>();
        var (metadata, scans) = Split(measurement);
        if (metadata.Count > 0)
        {
            var answer = await _metadata.AnswerAsync(measurement, metadata, cancellationToken).ConfigureAwait(false);
            foreach (var (index, value) in answer.Values)
            {
                values[index] = value;
            }

            foreach (var (index, value) in answer.Typed)
            {
                typed[index] = value;
            }

            foreach (var (index, note) in answer.Notes)
            {
                notes[index] = note;
            }

            processed += answer.BytesProcessed;
            billed += answer.BytesBilled;
            jobIds.AddRange(answer.JobIds);
        }

        foreach (var (statement, job, indexes) in Statements(measurement, scans))
        {
            if (HasFilter(measurement, indexes))
            {
                await EnsureSelectAsync(job, "with its filter the query", cancellationToken).ConfigureAwait(false);
            }

            var outcome = await QueryGatedAsync(job, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is { } error)
            {
                throw new BigQueryException(await ReasonAsync(error, job, cancellationToken).ConfigureAwait(false));
            }

            var result = outcome.Value!;
            if (statement.Grid is not null)
            {
                ReadSeries(statement, result, scans.Count, indexes, typed);
            }
            else if (result.Rows.Count != 1)
            {
                throw new BigQueryException($"expected one row of aggregates, BigQuery returned {result.Rows.Count}");
            }

            for (var column = 0; statement.Grid is null && column < indexes.Count; column++)
            {
                if (measurement.Measures[indexes[column]].Function.IsReal())
                {
                    numbers[indexes[column]] = CellDecoder.ToNumber(result.Rows[0][column]);
                    continue;
                }

                values[indexes[column]] = CellDecoder.ToMeasure(result.Rows[0][column]);
            }

            processed += result.BytesProcessed ?? 0;
            billed += result.BytesBilled ?? 0;
            if (result.Reference is { } reference)
            {
                jobIds.Add(reference);
            }
        }

        IReadOnlyList<Values.MeasuredValue> read = [.. measurement.Measures.Select((m, i) => typed.TryGetValue(i, out var value) ? value : m.Function.Typed(values[i]))];
        return new MeasurementResult(read).WithNumbers(numbers).WithEstimates(measurement.Measures, ApproxRelativeError)
            with { BytesProcessed = processed, BytesBilled = billed, JobIds = jobIds, Notes = notes };
    }

    public async Task<IReadOnlyList<QueryEstimate>> DryRunAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        if (measurement.Target is QueryTarget)
        {
            return await _queryReader.DryRunAsync(measurement, cancellationToken).ConfigureAwait(false);
        }

        if (_filters.Check(measurement) is { } refusal)
        {
            return [new QueryEstimate(Describe(measurement)[0], null, null, "filter refused, nothing was sent: " + refusal) { Refused = true }];
        }

        var estimates = new List<QueryEstimate>();
        var (metadata, scans) = Split(measurement);
        if (metadata.Count > 0)
        {
            estimates.Add(new QueryEstimate(Describe(measurement)[0], 0, 0));
            if (metadata.Any(i => measurement.Measures[i].Scope.Window is not null))
            {
                var job = PartitionQueryOf(measurement).Job;
                var windowed = metadata.Where(i => measurement.Measures[i].Scope.Window is not null).ToList();
                var estimate = await EstimateAsync(job, Describe(job), cancellationToken).ConfigureAwait(false);
                estimates.Add(estimate with { Checks = ServedChecks.Of(measurement, windowed) });
            }
        }

        foreach (var (statement, job, indexes) in Statements(measurement, scans))
        {
            var estimate = await EstimateAsync(job, statement.Describe(), cancellationToken).ConfigureAwait(false);
            estimates.Add(estimate with { Checks = ServedChecks.Of(measurement, indexes) });
        }

        return estimates;
    }

    public Task<IReadOnlyList<RemoteFinding>> ValidateRemoteAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken) =>
        new RemoteValidator(this).ValidateAsync(checks, cancellationToken);

    // The HttpClient belongs to the source kind and outlives every source.
    public ValueTask DisposeAsync()
    {
        (_tokens as IDisposable)?.Dispose();
        _queries.Dispose();
        _metadata.Dispose();
        return ValueTask.CompletedTask;
    }

    internal async Task<QueryEstimate> EstimateAsync(QueryJob job, string described, CancellationToken cancellationToken)
    {
        var outcome = await DryRunGatedAsync(job, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            return new QueryEstimate(described, null, null, error.ToString()) { Refused = error.Status is >= 400 and < 500 && !ErrorReasons.IsRetryable(error) };
        }

        var dry = outcome.Value!;
        if (dry.StatementType is { } type && type != "SELECT")
        {
            return new QueryEstimate(described, dry.BytesProcessed, null, $"dry-runs as {type}, not SELECT: refused") { Refused = true };
        }

        return new QueryEstimate(described, dry.BytesProcessed, ByteSize.OnDemandBilled(dry.BytesProcessed));
    }

    /// <summary>The statements a measurement's scan measures need, each with its job and the measure each column answers.</summary>
    internal IReadOnlyList<(SqlStatement Statement, QueryJob Job, IReadOnlyList<int> Indexes)> Statements(TableMeasurement measurement, IReadOnlyList<int> scans)
    {
        if (scans.Count == 0)
        {
            return [];
        }

        // Every statement text is built here: a filter the parser did not prove never reaches BigQuery, not even a dry run.
        _filters.EnsureProven(measurement);
        var subset = measurement with { Measures = [.. scans.Select(i => measurement.Measures[i])] };
        return [.. _builder.Build(subset).Select(statement =>
        {
            IReadOnlyList<int> indexes = [.. statement.MeasureIndexes.Select(i => scans[i])];
            var served = ServedChecks.Definitions(measurement, indexes);
            var job = new QueryJob(
                statement.Text,
                [.. statement.Parameters.Select(ToParameter)],
                JobLabels.For(_definition.Labels, [.. served.Select(c => c.Name)]),
                Cap(served),
                _definition.Timeout.Value);
            return (statement, job, indexes);
        })];
    }

    internal static (IReadOnlyList<int> Metadata, IReadOnlyList<int> Scans) Split(TableMeasurement measurement)
    {
        var metadata = new List<int>();
        var scans = new List<int>();
        for (var i = 0; i < measurement.Measures.Count; i++)
        {
            (measurement.Measures[i].Function is MeasureFunction.MetadataRowCount or MeasureFunction.MetadataLastModifiedEpochMicros or MeasureFunction.Columns ? metadata : scans).Add(i);
        }

        return (metadata, scans);
    }

    internal async Task<BigQueryOutcome<QueryResult>> QueryGatedAsync(QueryJob job, CancellationToken cancellationToken)
    {
        await _queries.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _client.QueryAsync(job, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queries.Release();
        }
    }

    internal async Task<BigQueryOutcome<DryRunResult>> DryRunGatedAsync(QueryJob job, CancellationToken cancellationToken)
    {
        await _queries.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _client.DryRunAsync(job, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queries.Release();
        }
    }

    /// <summary>The cap of a statement: the smallest of its checks' caps, so no check pays more than it allows.</summary>
    internal long Cap(IReadOnlyList<CheckDefinition> served) =>
        served.Select(c => c.MaximumBytesBilled is { } own && ByteSize.TryParse(own, out var bytes) ? bytes : _defaultCap).DefaultIfEmpty(_defaultCap).Min();

    // A filter or a sql check's query is user SQL: before it first runs, BigQuery must confirm the statement is a plain SELECT.
    internal async Task EnsureSelectAsync(QueryJob job, string what, CancellationToken cancellationToken)
    {
        if (_checkedAsSelect.ContainsKey(job.Sql))
        {
            return;
        }

        var outcome = await DryRunGatedAsync(job, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            throw new BigQueryException(await ReasonAsync(error, job, cancellationToken).ConfigureAwait(false));
        }

        if (outcome.Value!.StatementType is { } type && type != "SELECT")
        {
            throw new BigQueryException($"refused: {what} dry-runs as {type}, not SELECT");
        }

        _checkedAsSelect[job.Sql] = true;
    }

    internal async Task<string> ReasonAsync(BigQueryError error, QueryJob job, CancellationToken cancellationToken)
    {
        if (!ErrorReasons.IsBytesBilledLimit(error))
        {
            return error.ToString();
        }

        // "Query exceeded limit for bytes billed: 1000000. 10485760 or higher required." names the need; otherwise a
        // dry run estimates it.
        long? needed = NeededBytes().Match(error.Message) is { Success: true } match && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (await DryRunGatedAsync(job, cancellationToken).ConfigureAwait(false)).Value is { } dry ? ByteSize.OnDemandBilled(dry.BytesProcessed) : null;
        var need = needed is { } n ? $"needs {ByteSize.Describe(n)}" : "needs more";
        return $"bytes-billed cap reached: the query {need}, cap is {ByteSize.Describe(job.MaximumBytesBilled)} (maximum_bytes_billed); nothing was billed";
    }

    // One query serves every table of the dataset this run counts partitions of, as the plan lists them.
    private PartitionQuery PartitionQueryOf(TableMeasurement measurement)
    {
        var (dataset, table) = MetadataReader.Split(measurement.Table);
        var tables = measurement.Companions
            .Where(m => m.Table.StartsWith(dataset + ".", StringComparison.Ordinal)
                && m.Measures.Any(x => x.Function == MeasureFunction.MetadataRowCount && x.Scope.Window is not null))
            .Select(m => MetadataReader.Split(m.Table).Table)
            .Append(table).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var names = string.Join(", ", tables.Select((_, i) => "@t" + i.ToString(CultureInfo.InvariantCulture)));
        var sql = $"SELECT table_name, partition_id, total_rows, last_modified_time\nFROM `{DataProject}.{dataset}.INFORMATION_SCHEMA.PARTITIONS`\nWHERE table_name IN ({names})";
        var job = new QueryJob(
            sql,
            [.. tables.Select((t, i) => new QueryParameter("t" + i.ToString(CultureInfo.InvariantCulture), "STRING", t))],
            JobLabels.For(_definition.Labels, ["information_schema"]),
            _defaultCap,
            _definition.Timeout.Value);
        return new PartitionQuery(tables, job, token => QueryGatedAsync(job, token));
    }

    private static bool HasFilter(TableMeasurement measurement, IReadOnlyList<int> indexes) => indexes.Any(i => measurement.Measures[i].Scope.Filter is not null);

    private static string MetadataFields(TableMeasurement measurement, IReadOnlyList<int> indexes) =>
        string.Join(", ", indexes.Select(i => measurement.Measures[i]).Select(m => m.Function == MeasureFunction.Columns ? "schema.fields"
            : m.Function == MeasureFunction.MetadataLastModifiedEpochMicros ? "lastModifiedTime and streamingBuffer.oldestEntryTime"
            : m.Scope.Window is null ? "numRows plus streamingBuffer.estimatedRows" : "timePartitioning").Distinct());

    private static string Describe(QueryJob job) =>
        job.Sql + ";" + (job.Parameters.Count == 0 ? string.Empty : "\n-- parameters: " + string.Join(", ", job.Parameters.Select(p => $"{p.Name} = {p.Value}")));

    // The partition query's parameters are table names the monitor validated as identifiers.
    private static string Literal(QueryJob job) =>
        TableParameter().Replace(job.Sql, match => BigQueryDialect.Instance.Literal(job.Parameters.Single(p => p.Name == match.Groups[1].Value).Value)) + ";";

    /// <summary>TIMESTAMP parameters in BigQuery's canonical form, in UTC to the microsecond.</summary>
    internal static QueryParameter ToParameter(SqlParameter parameter) => parameter.Value switch
    {
        DateTimeOffset time => new QueryParameter(parameter.Name, "TIMESTAMP", time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture)),
        long or int => new QueryParameter(parameter.Name, "INT64", Convert.ToString(parameter.Value, CultureInfo.InvariantCulture)!),
        double => new QueryParameter(parameter.Name, "FLOAT64", Convert.ToString(parameter.Value, CultureInfo.InvariantCulture)!),
        _ => new QueryParameter(parameter.Name, "STRING", Convert.ToString(parameter.Value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    [GeneratedRegex("@(t[0-9]+)\\b")]
    private static partial Regex TableParameter();

    [GeneratedRegex("([0-9]+) or higher required")]
    private static partial Regex NeededBytes();
}
