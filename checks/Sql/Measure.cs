using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sql;

/// <summary>What an aggregate computes over the rows in its scope.</summary>
public enum MeasureFunction
{
    /// <summary>The number of rows in scope.</summary>
    RowCount,

    /// <summary>The newest value of a timestamp column, as microseconds since the Unix epoch (NULL when no rows).</summary>
    NewestEpochMicros,

    /// <summary>The table's row count as its metadata states it (no rows read).</summary>
    MetadataRowCount,

    /// <summary>When the table was last modified according to its metadata, as epoch microseconds (no rows read).</summary>
    MetadataLastModifiedEpochMicros,

    /// <summary>
    /// The number of rows in scope per bucket of <see cref="Measure.Bucket"/> across the scope's window (buckets end at
    /// the window's end): a series, read with one grouped statement per table, column, span and bucket width.
    /// </summary>
    BucketedRowCount,

    /// <summary>The table's columns and their types, from the source's metadata (information_schema, tables.get): a column list.</summary>
    Columns,

    /// <summary>A number in the one row a query target returns: the column named by <see cref="Measure.Column"/>, or the
    /// only column when it is null.</summary>
    QueryValue,

    /// <summary>The sum of a numeric column over the rows in scope, as a real number (NULL when no rows).</summary>
    Sum,

    /// <summary>The number of distinct values of <see cref="Measure.Key"/> in scope; a key with any NULL column is not counted.</summary>
    DistinctCount,

    /// <summary><see cref="DistinctCount"/> estimated with HyperLogLog where the source has it (an estimated count).</summary>
    ApproxDistinctCount,

    /// <summary>The number of rows in scope where <see cref="Measure.Condition"/> holds.</summary>
    CountWhere,
}

/// <summary>How the whole number a source reads for a measure function becomes a typed value.</summary>
public static class MeasureFunctions
{
    public static Values.MeasuredValue Typed(this MeasureFunction function, long? raw) => function switch
    {
        MeasureFunction.NewestEpochMicros or MeasureFunction.MetadataLastModifiedEpochMicros => Values.MeasuredValue.EpochMicros(raw),
        MeasureFunction.QueryValue => Values.MeasuredValue.Number(raw),
        MeasureFunction.Columns => throw new InvalidOperationException("a column list is read from metadata, never from a whole number"),

        MeasureFunction.Sum => Values.MeasuredValue.Number(raw),
        _ => Values.MeasuredValue.Count(raw),
    };

    /// <summary>Whether the function computes a real number, which a source reads as a double rather than a whole number.</summary>
    public static bool IsReal(this MeasureFunction function) => function == MeasureFunction.Sum;
}

/// <summary>A span of time on a timestamp column: start inclusive, end exclusive.</summary>
public sealed record TimeWindow(string Column, DateTimeOffset Start, DateTimeOffset End);

/// <summary>The rows an aggregate looks at: all of them, or those passing a filter, a time window and a NULL test.</summary>
public sealed record RowScope(string? Filter = null, TimeWindow? Window = null, string? NullColumn = null)
{
    public static RowScope All { get; } = new();

    public bool IsAll => Filter is null && Window is null && NullColumn is null;
}

/// <summary>One aggregate value a check needs from a table; equal measures are computed once.</summary>
public sealed record Measure(MeasureFunction Function, RowScope Scope, string? Column = null)
{
    /// <summary>The bucket width of a <see cref="MeasureFunction.BucketedRowCount"/> series; null for single values.</summary>
    public TimeSpan? Bucket { get; init; }

    /// <summary>Hints only this input's source reads (DynamoDB's time format, index, sample), attached by the source
    /// type when the check is planned (<see cref="Sources.ISourceKind.OptionsFor"/>); part of the measure's equality,
    /// so only inputs with equal hints share an aggregate.</summary>
    public SourceOptions? Options { get; init; }

    /// <summary>The key a distinct count counts (<see cref="MeasureFunction.DistinctCount"/>, <see cref="MeasureFunction.ApproxDistinctCount"/>).</summary>
    public ColumnKey? Key { get; init; }

    /// <summary>What a counted row satisfies (<see cref="MeasureFunction.CountWhere"/>).</summary>
    public RowCondition? Condition { get; init; }
}

/// <summary>The typed options one source type reads from its inputs; each source type derives its own record.</summary>
public abstract record SourceOptions;

/// <summary>What an input reads: a table, or the one row a query returns.</summary>
public abstract record Target
{
    /// <summary>The name the target goes by in plans, traces and logs.</summary>
    public abstract string Name { get; }
}

/// <summary>A table (dotted identifiers; for DynamoDB the table name).</summary>
public sealed record TableTarget(string Table) : Target
{
    public override string Name => Table;
}

/// <summary>A query whose single row holds the values (a custom SQL metric), named after the check that owns it.</summary>
public sealed record QueryTarget(string Sql, string Owner) : Target
{
    public override string Name => "query of " + Owner;
}

/// <summary>
/// One value a check needs: which source, what it reads there, and the aggregate. A check kind plans its inputs; the
/// planner folds the inputs of every check on the same source and target into one measurement.
/// </summary>
/// <param name="OptionsFrom">The definition the source reads its options from (a reconciliation's side); default the check.</param>
public sealed record Input(string Source, Target Target, Measure Measure, CheckDefinition? OptionsFrom = null)
{
    /// <summary>Measures on the check's own source and table: what most kinds read.</summary>
    public static IReadOnlyList<Input> OnOwnTable(CheckDefinition check, IEnumerable<Measure> measures) =>
        [.. measures.Select(measure => new Input(check.Source, new TableTarget(check.Table), measure))];
}

/// <summary>Everything one run needs from one table of one source.</summary>
public sealed record TableMeasurement(string Source, string Table, IReadOnlyList<Measure> Measures)
{
    /// <summary>What is read: the table named <see cref="Table"/>, or a query (then <see cref="Table"/> is its name).</summary>
    public Target Target { get; init; } = new TableTarget(Table);

    /// <summary>The checks this read serves, as planned (never reconstructed), each with the indexes of its own measures;
    /// a source labels and caps a statement with the checks whose measures it carries.</summary>
    public IReadOnlyList<ServedCheck> Checks { get; init; } = [];

    /// <summary>The other reads the same run makes on the same source, so a source can fetch what several of them share
    /// once (BigQuery's partitions of a dataset); empty outside a run.</summary>
    public IReadOnlyList<TableMeasurement> Companions { get; init; } = [];
}

/// <summary>A check a measurement serves, and which of the measurement's measures are its own.</summary>
public sealed record ServedCheck(CheckDefinition Check, IReadOnlyList<int> Measures);
