using System.Data;
using System.Data.Common;
using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources.AdoNet;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;
using Npgsql;

namespace CustomerData.Checks.Sources.Postgres;

/// <summary>
/// Measures PostgreSQL tables with one generated SELECT per table slice, each in its own read-only transaction with a
/// statement_timeout of the longest timeout of the checks it serves, on connections from one pool per source.
/// </summary>
internal sealed class PostgresSource(
    PostgresSourceDefinition definition, SourceEnvironment environment, FilterProof filters, QueryProof queries, Func<string, string?> variables)
    : AdoNetSqlSource(PostgresDialect.Instance, filters, queries), IRemoteValidatingSource, ISampleSource
{
    private readonly SqlQueryBuilder _sampleBuilder = new(PostgresDialect.Instance);
    private readonly SqlQueryBuilder _literalSampleBuilder = new(PostgresDialect.Instance, literals: true);
    private readonly Lock _lock = new();
    private readonly TimeSpan _defaultTimeout = environment.DefaultCheckTimeout ?? new DefaultsDefinition().Timeout.Value;
    private NpgsqlDataSource? _dataSource;

    protected override Func<string, string>? ParameterLabel => PostgresDialect.Instance.Parameter;

    /// <summary>host:port/database, for messages; never the connection string.</summary>
    internal string Where { get; private set; } = "(not connected)";

    /// <summary>Connects once, so a wrong connection string or an unreachable server fails before any check is timed.</summary>
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        var dataSource = DataSource();
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException error) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = error is PostgresException refused ? $"{refused.SqlState}: {refused.MessageText}" : error.Message;
            throw new InvalidOperationException(
                $"cannot connect to PostgreSQL at {Where} ({reason}): "
                + $"check the server and the connection string in {definition.ConnectionStringEnv}",
                error);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlDataSource? dataSource;
        lock (_lock)
        {
            (dataSource, _dataSource) = (_dataSource, null);
        }

        if (dataSource is not null)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    public string DescribeSample(SampleRequest request) =>
        Refusal(request.Predicates()) is { } refusal ? "-- not run, " + refusal : _literalSampleBuilder.BuildSample(request).Describe();

    /// <summary>Up to the request's limit of offending rows, as text, in the same read-only transaction and
    /// statement_timeout (the check's own timeout) a measurement runs in.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, CheckDefinition check, CancellationToken cancellationToken)
    {
        EnsureProven(request);
        var statement = _sampleBuilder.BuildSample(request);
        var lease = await BeginReadOnlyAsync(check.Timeout?.Value ?? _defaultTimeout, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            await using var command = Command(lease, statement.Text, statement.Parameters);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var read = new List<IReadOnlyList<string?>>();
                while (read.Count < request.Limit && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
                }

                return read;
            }
        }
    }

    public Task<IReadOnlyList<RemoteFinding>> ValidateRemoteAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken) =>
        new PostgresRemoteValidator(this).ValidateAsync(checks, cancellationToken);

    /// <summary>
    /// A pooled connection in a transaction that cannot write (READ ONLY, so no INSERT, UPDATE, DELETE, DDL, nextval or
    /// setval runs), one snapshot for every statement (REPEATABLE READ), UTC for TIMESTAMP comparisons, and a server-side
    /// statement_timeout, so a statement stops even when the monitor dies before it can cancel it.
    /// </summary>
    internal async Task<SqlLease> BeginReadOnlyAsync(TimeSpan statementTimeout, CancellationToken cancellationToken)
    {
        var connection = await DataSource().OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                .ConfigureAwait(false);
            var milliseconds = Math.Max(1, (long)Math.Ceiling(statementTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            var settings = $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {milliseconds}; SET LOCAL TimeZone = 'UTC'";
            await using (var setup = new NpgsqlCommand(settings, connection, transaction))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new SqlLease(connection, transaction, async () =>
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            });
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>defaults.timeout: the timeout of a check that sets none.</summary>
    internal TimeSpan DefaultTimeout => _defaultTimeout;

    /// <summary>The longest timeout of the checks a read serves (defaults.timeout for those that set none).</summary>
    internal TimeSpan StatementTimeout(TableMeasurement measurement) =>
        measurement.Checks.Count == 0 ? _defaultTimeout : measurement.Checks.Max(c => c.Check.Timeout?.Value ?? _defaultTimeout);

    protected override Task<SqlLease> LeaseAsync(TableMeasurement measurement, CancellationToken cancellationToken) =>
        BeginReadOnlyAsync(StatementTimeout(measurement), cancellationToken);

    // Positional ($1, $2...) in the order the builder numbered them: Npgsql then sends the text untouched.
    protected override DbParameter Bind(DbCommand command, SqlParameter parameter) =>
        new NpgsqlParameter { Value = ToDriver(parameter.Value) };

    private NpgsqlDataSource DataSource()
    {
        lock (_lock)
        {
            return _dataSource ??= Create();
        }
    }

    private NpgsqlDataSource Create()
    {
        var variable = definition.ConnectionStringEnv;
        if (variables(variable) is not { Length: > 0 } value)
        {
            throw new InvalidOperationException(
                $"{variable} is not set: set it to the PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...)");
        }

        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(value);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included: say only which variable is wrong.
            throw new InvalidOperationException(
                $"{variable} is not a valid PostgreSQL connection string: write it as Host=...;Port=...;Database=...;Username=...;Password=...");
        }

        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName ??= "customerdata-monitor";
        Where = $"{settings.Host ?? "localhost"}:{settings.Port}/{settings.Database ?? settings.Username ?? "(default database)"}";
        return builder.Build();
    }
}
