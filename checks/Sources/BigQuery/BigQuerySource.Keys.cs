using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// Key samples and lookups for a reconciliation: capped, labelled jobs like every other query, the window in WHERE so
/// only its partitions are read and billed, and a lookup of up to 10,000 keys (BigQuery's parameter limit) in one job.
/// </summary>
internal sealed partial class BigQuerySource : IKeySource
{
    private const int LookupChunk = 10_000;
    private readonly KeyStatements _keys = new(BigQueryDialect.Instance);

    public Task<KeyRead> SampleKeysAsync(KeySampleRequest request, CancellationToken cancellationToken) =>
        ReadKeysAsync(request.Table, request.Scope, request.Check, [_keys.Sample(BigQueryDialect.QuoteTable(DataProject, request.Table), request.KeyColumn, request.Scope, request.Limit)], cancellationToken);

    public Task<KeyRead> FindKeysAsync(KeyLookupRequest request, CancellationToken cancellationToken) =>
        ReadKeysAsync(request.Table, request.Scope, request.Check, _keys.Lookup(BigQueryDialect.QuoteTable(DataProject, request.Table), request.KeyColumn, request.Scope, request.Keys, LookupChunk), cancellationToken);

    private async Task<KeyRead> ReadKeysAsync(string table, RowScope scope, CheckDefinition check, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        _filters.EnsureProven(new TableMeasurement(string.Empty, table, [new Measure(MeasureFunction.RowCount, scope)]));
        var keys = new List<string>();
        var jobIds = new List<string>();
        long billed = 0;
        foreach (var statement in statements)
        {
            var job = new QueryJob(statement.Text, [.. statement.Parameters.Select(ToParameter)], JobLabels.For(_definition.Labels, [check.Name]), Cap([check]), _definition.Timeout.Value);
            if (scope.Filter is not null)
            {
                await EnsureSelectAsync(job, "with its filter the key sample", cancellationToken).ConfigureAwait(false);
            }

            var outcome = await QueryGatedAsync(job, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is { } error)
            {
                throw new BigQueryException(await ReasonAsync(error, job, cancellationToken).ConfigureAwait(false));
            }

            var result = outcome.Value!;
            keys.AddRange(result.Rows.Select(row => row[0]).OfType<string>());
            billed += result.BytesBilled ?? 0;
            if (result.Reference is { } reference)
            {
                jobIds.Add(reference);
            }
        }

        return new KeyRead(keys, [.. statements.Select(s => s.Describe())]) { BytesBilled = billed, JobIds = jobIds };
    }
}
