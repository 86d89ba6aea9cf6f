using System.Data.Common;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Demo;

/// <summary>
/// How the monitor tells its own demo warehouse from any other file: a table <c>_customerdata_demo</c> holding the
/// format version and the data's anchor. Files made before the marker are recognised by their exact set of tables.
/// </summary>
internal static class DemoMarker
{
    public const string Table = "_customerdata_demo";
    public const int Version = 3;

    private static readonly string[] LegacyTables = ["crm.customers", "main.demo_meta", "marketing.events", "sales.orders"];

    /// <summary>The statement that marks a warehouse being built (the anchor table demo_meta must exist).</summary>
    public static string Statement => $"CREATE TABLE {Table} AS SELECT {Version} AS version, anchor FROM demo_meta";

    /// <summary>The anchor of the demo at <paramref name="path"/>; null when no file is there.</summary>
    /// <exception cref="DemoFileRefusedException">The file is not a demo warehouse the monitor made.</exception>
    public static async Task<DateTimeOffset?> ReadAnchorAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // Read-only: a foreign file is left exactly as it was.
            await using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var tables = new List<string>();
            await using (var reader = await QueryAsync(connection, "SELECT schema_name || '.' || table_name FROM duckdb_tables() ORDER BY 1", cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var query = tables.Contains("main." + Table, StringComparer.Ordinal) ? $"SELECT max(anchor) FROM {Table} WHERE version = {Version}"
                : tables.SequenceEqual(LegacyTables, StringComparer.Ordinal) ? "SELECT max(anchor) FROM demo_meta"
                : throw new DemoFileRefusedException($"{path} is a DuckDB database the monitor did not make (it has no {Table} table): the demo warehouse is never written over it; move the file or point \"path\" elsewhere");
            await using var anchor = await QueryAsync(connection, query, cancellationToken).ConfigureAwait(false);

            // A marked file of another format version, or without an anchor, is rebuilt.
            return await anchor.ReadAsync(cancellationToken).ConfigureAwait(false) && anchor.GetValue(0) is DateTime value
                ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc))
                : DateTimeOffset.MinValue;
        }
        catch (DbException error)
        {
            throw new DemoFileRefusedException($"{path} exists and is not a DuckDB database this monitor can read ({error.Message.Split('\n')[0]}): the demo warehouse is never written over it; move the file or point \"path\" elsewhere", error);
        }
    }

    private static async Task<DbDataReader> QueryAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }
}
