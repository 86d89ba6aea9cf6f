using System.Text;

namespace CustomerData.Checks.Sql;

/// <summary>Folds all measures of one table into as few SELECT statements as possible (one, unless it would grow too large).</summary>
/// <param name="literals">Write values into the text instead of binding parameters: the copy a person runs by hand.</param>
public sealed class SqlQueryBuilder(ISqlDialect dialect, int maxAggregatesPerStatement = 400, bool literals = false)
{
    public IReadOnlyList<SqlStatement> Build(TableMeasurement measurement)
    {
        if (measurement.Target is not TableTarget)
        {
            throw new NotSupportedException($"this source cannot read a {measurement.Target.Name}");
        }

        var statements = new List<SqlStatement>();
        for (var first = 0; first < measurement.Measures.Count; first += maxAggregatesPerStatement)
        {
            var indexes = Enumerable.Range(first, Math.Min(maxAggregatesPerStatement, measurement.Measures.Count - first)).ToList();
            statements.Add(BuildOne(measurement, indexes));
        }

        return statements;
    }

    private SqlStatement BuildOne(TableMeasurement measurement, List<int> indexes)
    {
        var parameters = new List<SqlParameter>();
        var text = new StringBuilder("SELECT\n");
        for (var i = 0; i < indexes.Count; i++)
        {
            var measure = measurement.Measures[indexes[i]];
            var predicate = Predicate(measure.Scope, parameters);
            var aggregate = measure.Function switch
            {
                MeasureFunction.RowCount => dialect.Count(predicate),
                MeasureFunction.NewestEpochMicros => dialect.NewestEpochMicros(dialect.QuoteIdentifier(measure.Column!), predicate),
                MeasureFunction.Sum => dialect.Sum(dialect.QuoteIdentifier(measure.Column!), predicate),
                _ => throw new NotSupportedException($"{measure.Function} is answered from table metadata, not SQL"),
            };
            text.Append("  ").Append(aggregate).Append(" AS m").Append(indexes[i]);
            text.Append(i + 1 < indexes.Count ? ",\n" : "\n");
        }

        text.Append("FROM ").Append(dialect.QuoteIdentifier(measurement.Table));
        return new SqlStatement(text.ToString(), parameters, indexes);
    }

    /// <summary>The scope as one predicate (filter, window, NULL test), binding its instants; null for every row.</summary>
    internal string? Predicate(RowScope scope, List<SqlParameter> parameters)
    {
        var parts = new List<string>();
        if (scope.Filter is not null)
        {
            parts.Add("(" + scope.Filter + ")");
        }

        if (scope.Window is { } window)
        {
            parts.Add(dialect.InRange(dialect.QuoteIdentifier(window.Column), Bind(window.Start, parameters), Bind(window.End, parameters)));
        }

        if (scope.NullColumn is not null)
        {
            parts.Add(dialect.IsNull(dialect.QuoteIdentifier(scope.NullColumn)));
        }

        return parts.Count == 0 ? null : string.Join(" AND ", parts);
    }

    private string Bind(DateTimeOffset value, List<SqlParameter> parameters)
    {
        if (literals)
        {
            return dialect.Literal(value);
        }

        var existing = parameters.FindIndex(p => Equals(p.Value, value));
        if (existing < 0)
        {
            parameters.Add(new SqlParameter("p" + parameters.Count, value));
            existing = parameters.Count - 1;
        }

        return dialect.Parameter(parameters[existing].Name);
    }
}
