using System.Data.Common;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources.AdoNet;
using CustomerData.Checks.Sql;
using Npgsql;

namespace CustomerData.Checks.Sources.Postgres;

/// <summary>
/// validate --remote for PostgreSQL, in one read-only transaction: each table exists (information_schema.tables, as
/// this user sees it), each column exists and time columns hold timestamps (information_schema.columns), and each
/// check's statement is accepted by EXPLAIN (so a filter naming a missing column is found). Nothing is read.
/// </summary>
internal sealed class PostgresRemoteValidator(PostgresSource source)
{
    private static readonly string[] TimeTypes = ["timestamp with time zone", "timestamp without time zone", "date"];

    public async Task<IReadOnlyList<RemoteFinding>> ValidateAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken)
    {
        var findings = new List<RemoteFinding>();
        var lease = await source.BeginReadOnlyAsync(source.DefaultTimeout, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var schema = (string)(await Scalar(lease, "SELECT current_schema()", cancellationToken).ConfigureAwait(false))!;
            var tables = await TablesAsync(lease, cancellationToken).ConfigureAwait(false);
            foreach (var group in checks.GroupBy(c => c.Check.Table, StringComparer.Ordinal))
            {
                var name = group.Key.Contains('.', StringComparison.Ordinal) ? group.Key : schema + "." + group.Key;
                if (!tables.Contains(name))
                {
                    var close = Suggestions.Closest(name, tables);
                    findings.AddRange(group.Select(c => Error(
                        JsonPath.Property(c.Path, "table"),
                        $"table {name} not found in {source.Where}",
                        close is not null
                            ? $"did you mean \"{close}\"?"
                            : "check the schema and table names (quoted, so case matters) and that this user may SELECT from it")));
                    continue;
                }

                var columns = await ColumnsAsync(lease, name, cancellationToken).ConfigureAwait(false);
                foreach (var (_, path, planned) in group)
                {
                    var local = Columns(path, planned, name, columns);
                    findings.AddRange(local);
                    if (local.Count == 0 && planned is not null && source.Refusal(planned) is null)
                    {
                        findings.AddRange(await ExplainAsync(lease, path, planned, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
        }

        return findings;
    }

    private static List<RemoteFinding> Columns(string path, TableMeasurement? planned, string table, Dictionary<string, string> columns)
    {
        // What to look for comes from the measures the check was planned into, never from its kind.
        var wanted = (planned?.Measures ?? [])
            .SelectMany(m => new (string Field, string? Name, bool Time)[]
            {
                ("column", m.Function == MeasureFunction.NewestEpochMicros ? m.Column : null, true),
                ("column", m.Scope.NullColumn, false),
                ("time_column", m.Scope.Window?.Column, true),
            })
            .Where(c => c.Name is not null)
            .Distinct();
        var findings = new List<RemoteFinding>();
        foreach (var (field, name, time) in wanted)
        {
            if (!columns.TryGetValue(name!, out var type))
            {
                findings.Add(Error(
                    JsonPath.Property(path, field), $"column \"{name}\" not found in {table}", Suggestions.Hint(name!, columns.Keys)));
            }
            else if (time && !TimeTypes.Contains(type))
            {
                findings.Add(Error(
                    JsonPath.Property(path, field),
                    $"column \"{name}\" is {type}, not a timestamp",
                    "freshness and windows compare instants: name a timestamp, timestamptz or date column"));
            }
        }

        return findings;
    }

    // Each EXPLAIN under a savepoint: a refused one aborts only itself, not the transaction the others run in.
    private async Task<List<RemoteFinding>> ExplainAsync(
        SqlLease lease, string path, TableMeasurement planned, CancellationToken cancellationToken)
    {
        var findings = new List<RemoteFinding>();
        foreach (var statement in source.Statements(planned))
        {
            await lease.Transaction!.SaveAsync("explain", cancellationToken).ConfigureAwait(false);
            try
            {
                using var command = source.Command(lease, "EXPLAIN " + statement.Text, statement.Parameters);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await lease.Transaction.ReleaseAsync("explain", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException error)
            {
                await lease.Transaction.RollbackAsync("explain", cancellationToken).ConfigureAwait(false);
                var filtered = planned.Measures.Any(m => m.Scope.Filter is not null);
                findings.Add(Error(
                    filtered ? JsonPath.Property(path, "filter") : path,
                    $"the check's query does not run: {error.SqlState}: {error.MessageText}",
                    filtered ? "the filter must be one PostgreSQL condition over the table's own columns" : null));
            }
        }

        return findings;
    }

    private static async Task<HashSet<string>> TablesAsync(SqlLease lease, CancellationToken cancellationToken)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using var command = lease.CreateCommand(
            "SELECT table_schema, table_name FROM information_schema.tables "
            + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0) + "." + reader.GetString(1));
            }
        }

        return tables;
    }

    private static async Task<Dictionary<string, string>> ColumnsAsync(SqlLease lease, string table, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        using var command = lease.CreateCommand(
            "SELECT column_name, data_type FROM information_schema.columns "
            + "WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position");
        command.Parameters.Add(new NpgsqlParameter { Value = table[..dot] });
        command.Parameters.Add(new NpgsqlParameter { Value = table[(dot + 1)..] });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return columns;
    }

    private static async Task<object?> Scalar(SqlLease lease, string text, CancellationToken cancellationToken)
    {
        using DbCommand command = lease.CreateCommand(text);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RemoteFinding Error(string path, string message, string? hint) => new(new ConfigProblem(path, message, hint));
}
