using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// The shared builder's statements, addressed to `project.dataset.table`, with what every aggregate of a statement
/// has in common hoisted into WHERE: BigQuery prunes partitions (and bills less) only from WHERE, never from a
/// COUNTIF, and a table that requires a partition filter refuses a query without one.
/// </summary>
/// <param name="literals">Write values into the text instead of binding parameters: the copy a person runs by hand.</param>
internal sealed class BigQueryQueryBuilder(string dataProject, bool literals = false)
{
    private readonly SqlQueryBuilder _inner = new(
        BigQueryDialect.Instance,
        literals: literals,
        shape: new StatementShaping(table => BigQueryDialect.QuoteTable(dataProject, table), HoistCommonPredicate: true));

    public IReadOnlyList<SqlStatement> Build(TableMeasurement measurement) => _inner.Build(measurement);

    /// <summary>A failed-row sample's statement, addressed to `project.dataset.table`; its scope is already in WHERE.</summary>
    public SqlStatement BuildSample(SampleRequest request) => _inner.BuildSample(request);
}
