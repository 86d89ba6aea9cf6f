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
    private readonly SqlQueryBuilder _inner = new(BigQueryDialect.Instance, literals: literals);

    public IReadOnlyList<SqlStatement> Build(TableMeasurement measurement)
    {
        var from = "FROM " + BigQueryDialect.Instance.QuoteIdentifier(measurement.Table);
        var statements = new List<SqlStatement>();
        foreach (var statement in _inner.Build(measurement))
        {
            var head = statement.Text[..^from.Length];
            var parameters = statement.Parameters.ToList();
            var where = CommonPredicate([.. statement.MeasureIndexes.Select(i => measurement.Measures[i])], parameters);
            var text = head + "FROM " + BigQueryDialect.QuoteTable(dataProject, measurement.Table) + (where is null ? string.Empty : "\nWHERE " + where);
            statements.Add(new SqlStatement(text, parameters, statement.MeasureIndexes));
        }

        return statements;
    }

    /// <summary>A failed-row sample's statement, addressed to `project.dataset.table`; its scope is already in WHERE.</summary>
    public SqlStatement BuildSample(SampleRequest request) => _inner.BuildSample(request, BigQueryDialect.QuoteTable(dataProject, request.Table));

    // Each aggregate keeps its own predicate, so the WHERE clause only has to be implied by every one of them:
    // the same filter on all, and the span covering every window on one column.
    private string? CommonPredicate(IReadOnlyList<Measure> measures, List<SqlParameter> parameters)
    {
        var parts = new List<string>();
        var filter = measures[0].Scope.Filter;
        if (filter is not null && measures.All(m => m.Scope.Filter == filter))
        {
            parts.Add("(" + filter + ")");
        }

        var column = measures[0].Scope.Window?.Column;
        if (column is not null && measures.All(m => m.Scope.Window?.Column == column))
        {
            var start = measures.Min(m => m.Scope.Window!.Start);
            var end = measures.Max(m => m.Scope.Window!.End);
            parts.Add(BigQueryDialect.Instance.InRange(BigQueryDialect.Instance.QuoteIdentifier(column), Bind(start, parameters), Bind(end, parameters)));
        }

        return parts.Count == 0 ? null : string.Join(" AND ", parts);
    }

    private string Bind(DateTimeOffset value, List<SqlParameter> parameters)
    {
        if (literals)
        {
            return BigQueryDialect.Instance.Literal(value);
        }

        var existing = parameters.FindIndex(p => Equals(p.Value, value));
        if (existing < 0)
        {
            parameters.Add(new SqlParameter("p" + parameters.Count, value));
            existing = parameters.Count - 1;
        }

        return BigQueryDialect.Instance.Parameter(parameters[existing].Name);
    }
}
