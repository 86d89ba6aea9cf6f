using System.Text.Json;
using CustomerData.Checks.Sources.DuckDb;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>DuckDB's own parser, without running anything: json_serialize_sql on a private, sandboxed in-memory database.</summary>
internal sealed class DuckDbParser : IDisposable
{
    private readonly Lock _lock = new();
    private DuckDBConnection? _connection;

    /// <summary>The statement's syntax tree as json_serialize_sql writes it ("error": true with a message on a parse error).</summary>
    public JsonDocument Parse(string sql)
    {
        lock (_lock)
        {
            _connection ??= Open();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT json_serialize_sql(CAST($sql AS VARCHAR))";
            command.Parameters.Add(new DuckDBParameter("sql", sql));
            var json = (string)command.ExecuteScalar()!;

            // Each level of nesting in SQL is a few levels of JSON; DuckDB's parser stops at 1,000 levels itself.
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8192 });
        }
    }

    /// <summary>RE2's own verdict on a regular expression (DuckDB and BigQuery both use RE2): null, or its error message.</summary>
    public string? RegexError(string pattern)
    {
        lock (_lock)
        {
            _connection ??= Open();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT regexp_matches('', CAST($pattern AS VARCHAR))";
            command.Parameters.Add(new DuckDBParameter("pattern", pattern));
            try
            {
                _ = command.ExecuteScalar();
                return null;
            }
            catch (DuckDBException error)
            {
                var message = error.Message.Split('\n')[0];
                const string prefix = "Invalid Input Error: ";
                return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            DuckDbSandbox.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
