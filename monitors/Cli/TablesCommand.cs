using System.CommandLine;
using System.Data.Common;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Sources.DuckDb;
using DuckDB.NET.Data;

namespace CustomerData.Monitors.Cli;

/// <summary>
/// tables and describe: what a DuckDB source holds, to write checks against real names. The database is opened as a
/// run opens it (read-only, sandboxed, init applied; the demo built when missing) and only information_schema is read.
/// </summary>
internal static class TablesCommand
{
    private const string ColumnsQuery = """
        SELECT table_schema, table_name, column_name, data_type, is_nullable
        FROM information_schema.columns
        WHERE table_catalog = current_database()
        ORDER BY table_schema, table_name, ordinal_position
        """;

    public static Command Tables(CliConsole console)
    {
        var source = SourceOption();
        var command = new Command("tables", """
            Lists the tables of a DuckDB source with their column count (every DuckDB source when --source is not given).

            Example:
              cdm tables --source demo
            """);
        command.Options.Add(source);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var columns = await ReadAsync(parse, parse.GetValue(source), console, cancellationToken).ConfigureAwait(false);
            if (columns is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var rows = columns.GroupBy(c => (c.Source, c.Table))
                .Select(g => new[] { g.Key.Source, g.Key.Table, g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
            Write(console.Out, ["SOURCE", "TABLE", "COLUMNS"], rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Describe(CliConsole console)
    {
        var source = SourceOption();
        var table = new Argument<string>("table") { Description = "The table, as checks name it (schema.table)." };
        var command = new Command("describe", """
            Lists a DuckDB table's columns with their types, as checks.json names them.

            Example:
              cdm describe sales.orders
            """);
        command.Arguments.Add(table);
        command.Options.Add(source);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var columns = await ReadAsync(parse, parse.GetValue(source), console, cancellationToken).ConfigureAwait(false);
            if (columns is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var name = parse.GetValue(table)!;
            var found = columns.Where(c => string.Equals(c.Table, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count == 0)
            {
                var known = columns.Select(c => c.Table).Distinct(StringComparer.Ordinal).ToList();
                var close = Checks.Loading.Suggestions.Hint(name, known);
                console.Error.WriteLine($"no table {name} in {string.Join(", ", columns.Select(c => c.Source).Distinct())}: {close}");
                return ExitCodes.ConfigurationError;
            }

            Write(console.Out, ["SOURCE", "COLUMN", "TYPE", "NULLABLE"], [.. found.Select(c => new[] { c.Source, c.Column, c.Type, c.Nullable ? "yes" : "no" })]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> SourceOption() => new("--source") { Description = "The DuckDB source to read (default: every DuckDB source)." };

    private static async Task<List<ColumnInfo>?> ReadAsync(ParseResult parse, string? sourceName, CliConsole console, CancellationToken cancellationToken)
    {
        var loaded = CommonOptions.Load(parse, console);
        if (loaded is null)
        {
            return null;
        }

        var sources = loaded.Config.Sources.Where(s => s.Value is DuckDbSourceDefinition && (sourceName is null || s.Key == sourceName)).ToList();
        if (sources.Count == 0)
        {
            var duck = loaded.Config.Sources.Where(s => s.Value is DuckDbSourceDefinition).Select(s => s.Key).ToList();
            console.Error.WriteLine(sourceName is null
                ? "no DuckDB source in the configuration: tables and describe read DuckDB sources"
                : $"no DuckDB source named \"{sourceName}\"; DuckDB sources: {(duck.Count == 0 ? "none" : string.Join(", ", duck))}");
            return null;
        }

        var columns = new List<ColumnInfo>();
        foreach (var (name, definition) in sources)
        {
            await using var connection = await OpenAsync((DuckDbSourceDefinition)definition, loaded.BaseDirectory, console, cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = ColumnsQuery;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(new ColumnInfo(name, $"{reader.GetString(0)}.{reader.GetString(1)}", reader.GetString(2), reader.GetString(3), reader.GetString(4) == "YES"));
            }
        }

        return columns;
    }

    private static async Task<DuckDBConnection> OpenAsync(DuckDbSourceDefinition definition, string baseDirectory, CliConsole console, CancellationToken cancellationToken)
    {
        var inMemory = definition.Path == DuckDbSourceDefinition.InMemory;
        var path = inMemory ? definition.Path : Path.GetFullPath(definition.Path, baseDirectory);
        if (definition.Demo)
        {
            await DemoWarehouse.EnsureCurrentAsync(path, console.Time, console.Progress, cancellationToken).ConfigureAwait(false);
        }
        else if (!inMemory && !File.Exists(path))
        {
            throw new Composition.InfrastructureException($"error: DuckDB database file {path} does not exist: check the source's \"path\"");
        }

        var connection = new DuckDBConnection(inMemory ? "Data Source=:memory:" : $"Data Source={path};ACCESS_MODE=READ_ONLY");
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // As a run opens it: one DuckDB instance serves every connection to a file in a process, and the sandbox
            // locks its settings, so the time zone is set first, in the same order.
            await DuckDbSandbox.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var statement in definition.Init)
            {
                await ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Write(TextWriter output, string[] headers, List<string[]> rows)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var cells in rows.Prepend(headers))
        {
            output.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        }
    }

    private sealed record ColumnInfo(string Source, string Table, string Column, string Type, bool Nullable);
}
