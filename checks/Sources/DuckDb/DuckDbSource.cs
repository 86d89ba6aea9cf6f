using System.Data.Common;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Sources.AdoNet;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>
/// Measures tables of a DuckDB database with one generated SELECT per table slice, over one connection the slices
/// take in turn. It runs sandboxed (<see cref="DuckDbSandbox"/>) before init, and only filters DuckDB's parser proved
/// reach SQL (<see cref="AdoNetSqlSource"/>).
/// </summary>
internal sealed partial class DuckDbSource(DuckDbSourceDefinition definition, SourceEnvironment environment, FilterProof filters, QueryProof queries)
    : AdoNetSqlSource(DuckDbDialect.Instance, filters, queries), IRemoteValidatingSource, ISampleSource, IIdleRelease
{
    /// <summary>
    /// The relative error DuckDB states for approx_count_distinct: its HyperLogLog keeps 64 registers, and
    /// HyperLogLog::GetErrorRate() is sqrt(pi / 2) / sqrt(64) (duckdb/duckdb, src/include/duckdb/common/types/hyperloglog.hpp).
    /// </summary>
    internal const double ApproxRelativeError = 0.1567;

    private readonly SqlQueryBuilder _sampleBuilder = new(DuckDbDialect.Instance);
    private readonly SqlQueryBuilder _literalSampleBuilder = new(DuckDbDialect.Instance, literals: true);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _connection;

    // DuckDB.NET runs queries synchronously whatever the method's name.
    protected override bool ExecutesSynchronously => true;

    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public string DescribeSample(SampleRequest request) =>
        Refusal(request.Predicates()) is { } refusal ? "-- not run, " + refusal : _literalSampleBuilder.BuildSample(request).Describe();

    public async Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, Definitions.CheckDefinition check, CancellationToken cancellationToken)
    {
        EnsureProven(request);
        var statement = _sampleBuilder.BuildSample(request);
        return await ReadAsync(
            connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = statement.Text;
                foreach (var parameter in statement.Parameters)
                {
                    command.Parameters.Add(new DuckDBParameter(parameter.Name, ToDriver(parameter.Value)));
                }

                using var registration = cancellationToken.Register(command.Cancel);
                using var reader = command.ExecuteReader();
                var read = new List<IReadOnlyList<string?>>();
                while (read.Count < request.Limit && reader.Read())
                {
                    read.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
                }

                return (IReadOnlyList<IReadOnlyList<string?>>)read;
            },
            cancellationToken).ConfigureAwait(false);
    }

    protected override MeasurementResult Finish(TableMeasurement measurement, MeasurementResult measured) =>
        measured.WithEstimates(measurement.Measures, ApproxRelativeError);

    public Task<IReadOnlyList<RemoteFinding>> ValidateRemoteAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken) =>
        new DuckDbRemoteValidator(this).ValidateAsync(checks, cancellationToken);

    /// <summary>The statements a measurement runs, with their parameters as the connection binds them (validate --remote).</summary>
    internal IEnumerable<(string Text, IReadOnlyList<DuckDBParameter> Parameters)> BoundStatements(TableMeasurement measurement) =>
        Statements(measurement).Select(s => (s.Text, (IReadOnlyList<DuckDBParameter>)[.. s.Parameters.Select(p => new DuckDBParameter(p.Name, ToDriver(p.Value)))]));

    /// <summary>Runs <paramref name="read"/> on the source's own connection (opened, sandboxed and initialised as a run does).</summary>
    internal async Task<T> ReadAsync<T>(Func<DuckDBConnection, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            return await Task.Run(() => read(connection), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes the connection to a database file between runs: DuckDB keeps the blocks it scanned in its buffer pool
    /// while the database is open. The next measurement reopens it (milliseconds). An in-memory database is kept: its
    /// tables live only in the connection; so is the demo warehouse, which a connection made in a new hour would build
    /// again (1.55 M rows) for that hour's anchor. A connection in use is left alone.
    /// </summary>
    public async ValueTask ReleaseIdleAsync(CancellationToken cancellationToken)
    {
        if (definition.Path == DuckDbSourceDefinition.InMemory || definition.Demo
            || !await _gate.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (_connection is { } open)
            {
                _connection = null;
                await open.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    protected override async Task<SqlLease> LeaseAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            return new SqlLease(connection, null, () =>
            {
                _gate.Release();
                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    // Callers hold _gate.
    private async Task<DuckDBConnection> ConnectOnceAsync(CancellationToken cancellationToken) =>
        _connection ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);

    private async Task<DuckDBConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var inMemory = definition.Path == DuckDbSourceDefinition.InMemory;
        var path = inMemory ? definition.Path : System.IO.Path.GetFullPath(definition.Path, System.IO.Path.GetFullPath(environment.BaseDirectory));
        if (definition.Demo)
        {
            await DemoWarehouse.EnsureCurrentAsync(path, environment.Time, environment.Progress, cancellationToken).ConfigureAwait(false);
        }
        else if (!inMemory && !File.Exists(path))
        {
            throw new FileNotFoundException($"DuckDB database file {path} does not exist");
        }

        var connection = new DuckDBConnection(inMemory ? "Data Source=:memory:" : $"Data Source={path};ACCESS_MODE=READ_ONLY");
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Before init, so init too can build tables only from SQL: no file, URL, ATTACH, COPY or extension.
            await DuckDbSandbox.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var statement in definition.Init)
            {
                await RunAsync(connection, statement, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    private static async Task RunAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
