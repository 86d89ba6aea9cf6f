using System.Data.Common;
using System.Globalization;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Sources.AdoNet;

/// <summary>
/// What every SQL source over ADO.NET does the same way: proves the filters with its <see cref="FilterProof"/>, folds
/// a measurement into statements with <see cref="SqlQueryBuilder"/> and its dialect, binds the values as parameters,
/// runs each statement on a connection the source lends (cancelled through <see cref="DbCommand.Cancel"/> or the
/// driver's own token), and reads its one row into the measurement's values. A source adds how it connects.
/// </summary>
/// <param name="queries">Proves a sql check's query one allowed SELECT; null where the source reads no queries.</param>
internal abstract class AdoNetSqlSource(ISqlDialect dialect, FilterProof filters, QueryProof? queries = null) : IDataSource
{
    private readonly SqlQueryBuilder _builder = new(dialect);
    private readonly SqlQueryBuilder _literalBuilder = new(dialect, literals: true);

    /// <summary>True for drivers whose async methods block (DuckDB.NET): statements then run on the thread pool and are
    /// stopped with <see cref="DbCommand.Cancel"/>; other drivers take the token themselves.</summary>
    protected virtual bool ExecutesSynchronously => false;

    /// <summary>How plan lists a parameter when the text spells it otherwise than by name (null: by name).</summary>
    protected virtual Func<string, string>? ParameterLabel => null;

    public abstract Task OpenAsync(CancellationToken cancellationToken);

    public IReadOnlyList<string> Describe(TableMeasurement measurement) =>
        Refusal(measurement) is { } refusal ? ["-- not run, " + refusal]
        : queries?.Check(measurement) is { } refused ? ["-- not run, query refused: " + refused]
        : [.. Statements(measurement).Select(statement => statement.Describe(ParameterLabel))];

    public string Reproduce(TableMeasurement measurement) =>
        string.Join("\n\n", _literalBuilder.Build(measurement).Select(statement => statement.Describe()));

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        filters.EnsureProven(measurement);
        if (measurement.Target is QueryTarget)
        {
            (queries ?? throw new NotSupportedException("this source reads no queries")).EnsureProven(measurement);
        }

        var values = new MeasuredValue[measurement.Measures.Count];
        var lease = await LeaseAsync(measurement, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            foreach (var statement in Statements(measurement))
            {
                await ReadAsync(lease, statement, measurement.Measures, values, cancellationToken).ConfigureAwait(false);
            }
        }

        return Finish(measurement, new MeasurementResult(values));
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>The measured values as the source states them (DuckDB types its HyperLogLog counts as estimates).</summary>
    protected virtual MeasurementResult Finish(TableMeasurement measurement, MeasurementResult measured) => measured;

    /// <summary>Null when every filter of the measurement is proven; otherwise why not. Nothing unproven is run.</summary>
    internal FilterRefusal? Refusal(TableMeasurement measurement) => filters.Check(measurement);

    /// <summary>Null when every predicate is proven; otherwise why not (a failed-row sample's predicates).</summary>
    internal FilterRefusal? Refusal(IEnumerable<string?> predicates) => filters.Check(predicates);

    /// <summary>Throws unless every filter of the measurement is proven (reads of a source's own besides measurements).</summary>
    internal void EnsureProven(TableMeasurement measurement) => filters.EnsureProven(measurement);

    /// <summary>Throws unless every predicate of a failed-row sample is proven.</summary>
    internal void EnsureProven(SampleRequest request) => filters.EnsureProven(request);

    /// <summary>The statements a measurement is read with, parameters bound.</summary>
    internal IReadOnlyList<SqlStatement> Statements(TableMeasurement measurement) => _builder.Build(measurement);

    /// <summary>A command on a lent connection with the statement's parameters bound; the text may wrap the statement (EXPLAIN).</summary>
    internal DbCommand Command(SqlLease lease, string text, IReadOnlyList<SqlParameter> parameters)
    {
        var command = lease.CreateCommand(text);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(Bind(command, parameter));
        }

        return command;
    }

    /// <summary>A connection for one measurement, ready for its statements (connected, sandboxed, in its transaction).</summary>
    protected abstract Task<SqlLease> LeaseAsync(TableMeasurement measurement, CancellationToken cancellationToken);

    /// <summary>One parameter as the driver takes it: by name, instants as UTC <see cref="DateTime"/>.</summary>
    protected virtual DbParameter Bind(DbCommand command, SqlParameter parameter)
    {
        var bound = command.CreateParameter();
        bound.ParameterName = parameter.Name;
        bound.Value = ToDriver(parameter.Value);
        return bound;
    }

    /// <summary>Instants travel as UTC DateTime, which every driver maps to its timestamp type.</summary>
    protected static object ToDriver(object value) => value is DateTimeOffset time ? time.UtcDateTime : value;

    private async Task ReadAsync(SqlLease lease, SqlStatement statement, IReadOnlyList<Measure> measures, MeasuredValue[] values, CancellationToken cancellationToken)
    {
        using var command = Command(lease, statement.Text, statement.Parameters);
        if (!ExecutesSynchronously)
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                Read(reader, statement, measures, values);
            }

            return;
        }

        // Cancel() interrupts the running query in the engine, so a timeout stops the scan instead of abandoning a
        // thread that keeps reading.
        using var registration = cancellationToken.Register(command.Cancel);
        await Task.Run(
            () =>
            {
                using var reader = command.ExecuteReader();
                Read(reader, statement, measures, values);
            },
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    // Results are small (one row; a table's columns; two rows of a query; a bucket per row), read synchronously from
    // the open reader: the rows are already on their way.
    private void Read(DbDataReader reader, SqlStatement statement, IReadOnlyList<Measure> measures, MeasuredValue[] values)
    {
        if (statement.Grid is not null)
        {
            var series = new SeriesRows(statement);
            while (reader.Read())
            {
                series.Add(reader);
            }

            series.WriteTo(values);
            return;
        }

        switch (statement.Shape)
        {
            case StatementShape.Columns:
                values[statement.MeasureIndexes[0]] = ReadColumns(reader);
                return;
            case StatementShape.QueryRow:
                var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                object?[]? first = reader.Read() ? [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)] : null;
                var read = QueryRowReader.Read(names, first, first is not null && reader.Read(), [.. statement.MeasureIndexes.Select(i => measures[i])]);
                for (var i = 0; i < read.Count; i++)
                {
                    values[statement.MeasureIndexes[i]] = read[i];
                }

                return;
            default:
                if (reader.Read())
                {
                    ReadRow(reader, statement, measures, values);
                }

                return;
        }
    }

    // information_schema.columns: one row per column, in table order; none when the table does not exist.
    private MeasuredValue ReadColumns(DbDataReader reader)
    {
        var columns = new List<ColumnType>();
        while (reader.Read())
        {
            columns.Add(new ColumnType(reader.GetString(0), dialect.Types.Canonical(reader.GetString(1))));
        }

        return columns.Count == 0 ? MeasuredValue.Missing : new ColumnsValue(columns) { Types = dialect.Types };
    }

    private static void ReadRow(DbDataReader reader, SqlStatement statement, IReadOnlyList<Measure> measures, MeasuredValue[] values)
    {
        for (var column = 0; column < statement.MeasureIndexes.Count; column++)
        {
            var index = statement.MeasureIndexes[column];
            values[index] = measures[index].Function == MeasureFunction.Sum
                ? MeasuredValue.Number(reader.IsDBNull(column) ? null : Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture))
                : measures[index].Function.Typed(reader.IsDBNull(column) ? null : Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture));
        }
    }
}
