using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Queries;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// A sql check's query on BigQuery: wrapped to read at most two rows, dry-run until BigQuery calls it a SELECT (a
/// script, DML or DDL is refused unrun), then run under the check's bytes-billed cap, labels and job timeout.
/// </summary>
internal sealed class QueryTargetReader(BigQuerySource source, BigQuerySourceDefinition definition)
{
    private readonly SqlQueryBuilder _builder = new(BigQueryDialect.Instance);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) =>
        Refusal(measurement) is { } refused ? ["-- not run, query refused: " + refused] : [Job(measurement).Statement.Describe()];

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        if (Refusal(measurement) is { } refused)
        {
            throw new RefusedQueryException(refused);
        }

        var (_, job) = Job(measurement);
        await source.EnsureSelectAsync(job, "the sql check's query", cancellationToken).ConfigureAwait(false);
        var outcome = await source.QueryGatedAsync(job, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            throw new BigQueryException(await source.ReasonAsync(error, job, cancellationToken).ConfigureAwait(false));
        }

        var result = outcome.Value!;
        var values = QueryRowReader.Read([.. result.Schema.Select(f => f.Name)], result.Rows.Count > 0 ? result.Rows[0] : null, result.Rows.Count > 1, measurement.Measures);
        return new MeasurementResult(values)
        {
            BytesProcessed = result.BytesProcessed ?? 0,
            BytesBilled = result.BytesBilled ?? 0,
            JobIds = result.Reference is { } reference ? [reference] : [],
        };
    }

    public async Task<IReadOnlyList<QueryEstimate>> DryRunAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        if (Refusal(measurement) is { } refused)
        {
            return [new QueryEstimate(Describe(measurement)[0], null, null, "query refused, nothing was sent: " + refused) { Refused = true }];
        }

        var (statement, job) = Job(measurement);
        return [await source.EstimateAsync(job, statement.Describe(), cancellationToken).ConfigureAwait(false)];
    }

    private static QueryRefusal? Refusal(TableMeasurement measurement) =>
        measurement.Target is QueryTarget query ? QueryProof.Lexical(query.Sql) : new QueryRefusal("not a query");

    private (SqlStatement Statement, QueryJob Job) Job(TableMeasurement measurement)
    {
        var statement = _builder.Build(measurement)[0];
        var served = measurement.Checks.Select(c => c.Check).ToList();
        return (statement, new QueryJob(statement.Text, [], JobLabels.For(definition.Labels, [.. served.Select(c => c.Name)]), source.Cap(served), definition.Timeout.Value));
    }
}
