using System.Data.Common;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>
/// validate --remote for DuckDB, on the source's own sandboxed connection: each table exists, each column exists and
/// time columns hold times (information_schema.columns), and each check's statement binds (EXPLAIN, which reads no row),
/// so a misspelt filter column is reported with DuckDB's candidate bindings.
/// </summary>
internal sealed class DuckDbRemoteValidator(DuckDbSource source)
{
    private const string ColumnsQuery = """
        SELECT table_catalog, table_schema, table_name, column_name, data_type
        FROM information_schema.columns
        ORDER BY table_catalog, table_schema, table_name, ordinal_position
        """;

    public async Task<IReadOnlyList<RemoteFinding>> ValidateAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return [];
        }

        DatabaseColumns catalog;
        try
        {
            catalog = await source.ReadAsync(ReadCatalog, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is DbException or IOException or InvalidOperationException)
        {
            var at = JsonPath.Property(JsonPath.Property(JsonPath.Root, "sources"), checks[0].Check.Source);
            return [Error(at, $"cannot open DuckDB source \"{checks[0].Check.Source}\": {error.Message}", "check its \"path\" (and \"init\")")];
        }

        var findings = new List<RemoteFinding>();
        foreach (var (check, path, planned) in checks)
        {
            var columns = catalog.Find(check.Table);
            if (columns is null)
            {
                findings.Add(Error(JsonPath.Property(path, "table"), $"table {check.Table} not found in the DuckDB database", Suggestions.Hint(check.Table, catalog.TableNames)));
                continue;
            }

            var local = Columns(path, planned, check.Table, columns);
            findings.AddRange(local);
            if (local.Count == 0 && planned is not null)
            {
                findings.AddRange(await ExplainAsync(check.Filter is not null ? JsonPath.Property(path, "filter") : path, planned, cancellationToken).ConfigureAwait(false));
            }
        }

        return findings;
    }

    private static List<RemoteFinding> Columns(string path, TableMeasurement? planned, string table, IReadOnlyList<Column> columns)
    {
        // What to look for comes from the measures the check was planned into, never from its kind.
        var wanted = (planned?.Measures ?? [])
            .SelectMany(m => new[]
            {
                m.Function == MeasureFunction.NewestEpochMicros ? ("column", m.Column, true) : default,
                m.Scope.NullColumn is { } nulls ? ("column", nulls, false) : default,
                m.Scope.Window is { } window ? ("time_column", window.Column, true) : default,
            })
            .Where(c => c.Item2 is not null)
            .Distinct();
        var findings = new List<RemoteFinding>();
        foreach (var (field, name, time) in wanted)
        {
            var found = columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                findings.Add(Error(JsonPath.Property(path, field), $"column \"{name}\" not found in {table}", Suggestions.Hint(name!, columns.Select(c => c.Name))));
            }
            else if (time && !IsTime(found.Type))
            {
                findings.Add(Error(JsonPath.Property(path, field), $"column \"{name}\" of {table} is {found.Type}, not a TIMESTAMP", "freshness and windows compare times: name a TIMESTAMP, TIMESTAMPTZ or DATE column, or convert it in a view"));
            }
        }

        return findings;
    }

    private async Task<List<RemoteFinding>> ExplainAsync(string at, TableMeasurement planned, CancellationToken cancellationToken)
    {
        var findings = new List<RemoteFinding>();
        foreach (var (text, parameters) in source.BoundStatements(planned))
        {
            var problem = await source.ReadAsync(connection => Explain(connection, text, parameters), cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                findings.Add(Error(at, $"the check's query does not bind: {problem}", "fix the names it uses; DuckDB's candidates are in the message"));
            }
        }

        return findings;
    }

    private static string? Explain(DuckDBConnection connection, string text, IReadOnlyList<DuckDBParameter> parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN " + text;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.ParameterName, parameter.Value));
        }

        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // Plan text only; nothing is read from the tables.
            }

            return null;
        }
        catch (DbException error)
        {
            // DuckDB's message, then a blank line and the statement around the error: keep the message and its candidates.
            return string.Join(" ", error.Message.Split("\n\n")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    private static bool IsTime(string type) =>
        type.StartsWith("TIMESTAMP", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "DATE", StringComparison.OrdinalIgnoreCase);

    private static DatabaseColumns ReadCatalog(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_database(), current_schema()";
        string database, schema;
        using (var current = command.ExecuteReader())
        {
            current.Read();
            (database, schema) = (current.GetString(0), current.GetString(1));
        }

        command.CommandText = ColumnsQuery;
        using var reader = command.ExecuteReader();
        var tables = new Dictionary<(string, string, string), List<Column>>();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            if (!tables.TryGetValue(key, out var columns))
            {
                tables[key] = columns = [];
            }

            columns.Add(new Column(reader.GetString(3), reader.GetString(4)));
        }

        return new DatabaseColumns(tables, database, schema);
    }

    private static RemoteFinding Error(string path, string message, string? hint) => new(new ConfigProblem(path, message, hint));

    private sealed record Column(string Name, string Type);

    /// <summary>The database's columns by (catalog, schema, table), resolved as DuckDB resolves a dotted name.</summary>
    private sealed record DatabaseColumns(Dictionary<(string Catalog, string Schema, string Table), List<Column>> Tables, string Database, string Schema)
    {
        public IEnumerable<string> TableNames =>
            Tables.Keys.Where(k => Same(k.Catalog, Database)).Select(k => Same(k.Schema, Schema) ? k.Table : $"{k.Schema}.{k.Table}");

        public List<Column>? Find(string dotted)
        {
            var parts = dotted.Split('.');
            (string, string, string)[] candidates = parts switch
            {
                [var table] => [(Database, Schema, table)],
                [var first, var table] => [(Database, first, table), (first, Schema, table), (first, "main", table)],
                [var catalog, var schema, var table] => [(catalog, schema, table)],
                _ => [],
            };
            return candidates
                .Select(c => Tables.FirstOrDefault(t => Same(t.Key.Catalog, c.Item1) && Same(t.Key.Schema, c.Item2) && Same(t.Key.Table, c.Item3)).Value)
                .FirstOrDefault(c => c is not null);
        }

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
