using System.Text;

namespace CustomerData.Checks.Sql;

/// <summary>Folds all measures of one table into as few SELECT statements as possible (one, unless it would grow too large).</summary>
/// <param name="literals">Write values into the text instead of binding parameters: the copy a person runs by hand.</param>
public sealed class SqlQueryBuilder(ISqlDialect dialect, int maxAggregatesPerStatement = 400, bool literals = false)
{
    public IReadOnlyList<SqlStatement> Build(TableMeasurement measurement)
    {
        if (measurement.Target is QueryTarget query)
        {
            return [QueryRow(query, measurement.Measures)];
        }

        if (measurement.Target is not TableTarget)
        {
            throw new NotSupportedException($"this source cannot read a {measurement.Target.Name}");
        }

        // The table's columns come from one metadata query of their own; every other measure is an aggregate.
        var aggregates = Enumerable.Range(0, measurement.Measures.Count).Where(i => measurement.Measures[i].Function is not (MeasureFunction.Columns or MeasureFunction.BucketedRowCount)).ToList();
        var statements = new List<SqlStatement>();
        for (var first = 0; first < aggregates.Count; first += maxAggregatesPerStatement)
        {
            statements.Add(BuildOne(measurement, aggregates.GetRange(first, Math.Min(maxAggregatesPerStatement, aggregates.Count - first))));
        }

        if (measurement.Measures.Any(m => m.Function == MeasureFunction.Columns))
        {
            var parameters = new List<SqlParameter>();
            var names = measurement.Table.Split('.').Select(segment => Bind(segment, parameters)).ToList();
            var columns = Enumerable.Range(0, measurement.Measures.Count).Where(i => measurement.Measures[i].Function == MeasureFunction.Columns).ToList();
            statements.Add(new SqlStatement(dialect.Columns(names), parameters, columns) { Shape = StatementShape.Columns });
        }

        // Series: one grouped statement per column, span and bucket width; each series is one conditional count in it.
        var series = Enumerable.Range(0, measurement.Measures.Count).Where(i => measurement.Measures[i].Function == MeasureFunction.BucketedRowCount)
            .GroupBy(i => (measurement.Measures[i].Scope.Window, measurement.Measures[i].Bucket));
        statements.AddRange(series.Select(group => BuildGrouped(measurement, [.. group])));
        return statements;
    }

    private SqlStatement BuildGrouped(TableMeasurement measurement, List<int> indexes)
    {
        var first = measurement.Measures[indexes[0]];
        var window = first.Scope.Window ?? throw new NotSupportedException("a series needs a time window");
        var width = first.Bucket ?? throw new NotSupportedException("a series needs a bucket width");
        var parameters = new List<SqlParameter>();
        var column = dialect.QuoteIdentifier(window.Column);
        var text = new StringBuilder("SELECT\n  ")
            .Append(dialect.BucketIndex(column, (window.End - DateTimeOffset.UnixEpoch).Ticks / 10, width.Ticks / 10)).Append(" AS bucket");
        foreach (var index in indexes)
        {
            var scope = measurement.Measures[index].Scope with { Window = null };
            text.Append(",\n  ").Append(dialect.Count(Predicate(scope, parameters))).Append(" AS m").Append(index);
        }

        text.Append("\nFROM ").Append(dialect.QuoteIdentifier(measurement.Table))
            .Append("\nWHERE ").Append(Predicate(new RowScope(Window: window), parameters))
            .Append("\nGROUP BY bucket");
        var count = (int)Math.Ceiling((window.End - window.Start) / width);
        return new SqlStatement(text.ToString(), parameters, indexes) { Grid = new BucketGrid(window.End, width, count) };
    }

    // The user's query, proven a single SELECT by the source, read as a subquery: only its named columns (or all of
    // its own projection when it names one value) and at most two rows, so a query returning several is told apart
    // without reading them all.
    private SqlStatement QueryRow(QueryTarget query, IReadOnlyList<Measure> measures)
    {
        var named = measures.Select(m => m.Column).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var projection = named.Count == 0 ? "*" : string.Join(", ", named.Select(dialect.QuoteIdentifier));
        return new SqlStatement(WrapQuery(projection, query.Sql), [], [.. Enumerable.Range(0, measures.Count)]) { Shape = StatementShape.QueryRow };
    }

    /// <summary>The statement that reads a user's query: its text on lines of its own (so a trailing -- comment ends
    /// there), enclosed in a subquery; sources prove this very enclosure before running it.</summary>
    internal static string WrapQuery(string projection, string sql) => $"SELECT {projection}\nFROM (\n{sql}\n) AS q\nLIMIT 2";

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

    private string Bind(object value, List<SqlParameter> parameters)
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
