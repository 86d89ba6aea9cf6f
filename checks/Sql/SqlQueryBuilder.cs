using System.Text;

namespace CustomerData.Checks.Sql;

/// <summary>Folds all measures of one table into as few SELECT statements as possible (one, unless it would grow too large).</summary>
/// <param name="literals">Write values into the text instead of binding parameters: the copy a person runs by hand.</param>
/// <param name="shape">How a source addresses its tables and whether it hoists a statement's common predicate into
/// WHERE (<see cref="StatementShaping"/>); by default the quoted table name and no WHERE.</param>
public sealed class SqlQueryBuilder(ISqlDialect dialect, int maxAggregatesPerStatement = 400, bool literals = false, StatementShaping? shape = null)
{
    private readonly StatementShaping _shape = shape ?? StatementShaping.Default;

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

        text.Append("\nFROM ").Append(From(measurement.Table))
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
                MeasureFunction.CountWhere => dialect.Count(And(predicate, Condition(measure.Condition!, parameters))),
                MeasureFunction.DistinctCount => dialect.DistinctCount(Key(measure.Key!), KeyPredicate(predicate, measure.Key!)),
                MeasureFunction.ApproxDistinctCount => dialect.ApproxDistinctCount(Key(measure.Key!), KeyPredicate(predicate, measure.Key!)),
                _ => throw new NotSupportedException($"{measure.Function} is answered from table metadata, not SQL"),
            };
            text.Append("  ").Append(aggregate).Append(" AS m").Append(indexes[i]);
            text.Append(i + 1 < indexes.Count ? ",\n" : "\n");
        }

        text.Append("FROM ").Append(From(measurement.Table));
        if (_shape.HoistCommonPredicate && CommonPredicate([.. indexes.Select(i => measurement.Measures[i])], parameters) is { } where)
        {
            text.Append("\nWHERE ").Append(where);
        }

        return new SqlStatement(text.ToString(), parameters, indexes);
    }

    /// <summary>The table as the source addresses it in FROM.</summary>
    private string From(string table) => _shape.Address?.Invoke(table) ?? dialect.QuoteIdentifier(table);

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
            parts.Add(dialect.InRange(dialect.QuoteIdentifier(column), Bind(start, parameters), Bind(end, parameters)));
        }

        return parts.Count == 0 ? null : string.Join(" AND ", parts);
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

    /// <summary>
    /// The one statement that fetches a failed-row sample: the named columns as text, of up to <c>Limit</c> rows of the
    /// check's scope that satisfy the offending condition, in a stable order (duplicates grouped by key).
    /// </summary>
    public SqlStatement BuildSample(SampleRequest request)
    {
        var parameters = new List<SqlParameter>();
        var table = From(request.Table);
        var scope = Predicate(request.Scope, parameters);
        var columns = request.Columns.Select(dialect.QuoteIdentifier).ToList();
        // Read by position, so no alias: ORDER BY then names the columns' own values, not their text.
        var selected = string.Join(", ", columns.Select(dialect.Text));
        var limit = request.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (request.Offending is DuplicateKey duplicate)
        {
            // Rows whose complete key occurs more than once in the scope; a window function keeps it one statement.
            var key = duplicate.Key.Columns.Select(dialect.QuoteIdentifier).ToList();
            var inner = string.Join(", ", columns.Concat(key).Distinct(StringComparer.Ordinal));
            var where = And(scope, Condition(new KeyPresent(duplicate.Key), parameters));
            return new SqlStatement(
                $"SELECT {selected}\nFROM (\n  SELECT {inner}, count(*) OVER (PARTITION BY {string.Join(", ", key)}) AS {Copies}\n"
                + $"  FROM {table}\n  WHERE {where}\n) AS offending\nWHERE {Copies} > 1\n"
                + $"ORDER BY {string.Join(", ", key.Concat(columns).Distinct(StringComparer.Ordinal))}\nLIMIT {limit}",
                parameters,
                []);
        }

        var offending = And(scope, Condition(request.Offending, parameters));
        return new SqlStatement(
            $"SELECT {selected}\nFROM {table}\nWHERE {offending}\nORDER BY {string.Join(", ", columns)}\nLIMIT {limit}", parameters, []);
    }

    private const string Copies = "customerdata_copies";

    private static string And(string? left, string right) => left is null ? right : left + " AND " + right;

    private string Key(ColumnKey key) => dialect.Key([.. key.Columns.Select(dialect.QuoteIdentifier)]);

    // A key of one column needs no test: DISTINCT ignores NULL. A row() of several is never NULL itself, so keys with a
    // NULL column are left out explicitly (the README says so).
    private string? KeyPredicate(string? predicate, ColumnKey key) =>
        key.Columns.Count == 1 ? predicate : And(predicate, string.Join(" AND ", key.Columns.Select(c => dialect.QuoteIdentifier(c) + " IS NOT NULL")));

    /// <summary>A row test in standard SQL (IS NOT NULL, NOT IN, comparisons, IS NOT TRUE) plus the dialect's regex.</summary>
    private string Condition(RowCondition condition, List<SqlParameter> parameters) => condition switch
    {
        KeyPresent present => string.Join(" AND ", present.Key.Columns.Select(c => dialect.QuoteIdentifier(c) + " IS NOT NULL")),
        NullValue nullValue => dialect.IsNull(dialect.QuoteIdentifier(nullValue.Column)),
        InvalidValue invalid => dialect.QuoteIdentifier(invalid.Column) + " IS NOT NULL AND " + Invalid(dialect.QuoteIdentifier(invalid.Column), invalid.Rule, parameters),
        _ => throw new NotSupportedException($"{condition.GetType().Name} is not a test on one row"),
    };

    private string Invalid(string column, ValidityRule rule, List<SqlParameter> parameters) => rule switch
    {
        AcceptedValues accepted => $"{column} NOT IN ({string.Join(", ", accepted.Values.Select(v => Bind(v, parameters)))})",
        ValueRange { Min: { } min, Max: { } max } => $"({column} < {Number(min, parameters)} OR {column} > {Number(max, parameters)})",
        ValueRange { Min: { } min } => $"{column} < {Number(min, parameters)}",
        ValueRange { Max: { } max } => $"{column} > {Number(max, parameters)}",
        PatternRule pattern => "NOT " + dialect.RegexContains(column, Bind(pattern.Pattern, parameters)),
        // The condition is proven like a filter and wrapped the same way; a row is valid only when it is TRUE.
        ConditionRule condition => "(" + condition.Predicate + ") IS NOT TRUE",
        _ => throw new NotSupportedException($"no SQL for a {rule.GetType().Name}"),
    };

    // Whole bounds travel as integers, so a literal reads 0 rather than 0.0 and BigQuery types it INT64.
    private string Number(double value, List<SqlParameter> parameters) =>
        Math.Abs(value) < 9e15 && Math.Abs(value % 1) == 0 ? Bind((long)value, parameters) : Bind(value, parameters);

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
