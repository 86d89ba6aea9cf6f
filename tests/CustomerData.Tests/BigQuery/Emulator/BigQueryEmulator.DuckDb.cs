using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace CustomerData.Tests.BigQuery.Emulator;

/// <summary>The emulator's DuckDB side: running statements, typing results, estimating bytes as BigQuery bills them.</summary>
internal sealed partial class BigQueryEmulator
{
    private static string Quote(string table) => string.Join('.', table.Split('.').Select(s => "\"" + s + "\""));

    private void Execute(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql, IEnumerable<DuckDBParameter>? parameters = null)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters ?? [])
        {
            command.Parameters.Add(parameter);
        }

        return command.ExecuteScalar() switch
        {
            null or DBNull => 0,
            BigInteger big => (long)big,
            var value => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        };
    }

    private List<(string Name, string Type)> Columns(string table)
    {
        var (schema, name) = (table.Split('.')[0], table.Split('.')[1]);
        using var command = _duck.CreateCommand();
        command.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $s AND table_name = $t ORDER BY ordinal_position";
        command.Parameters.Add(new DuckDBParameter("s", schema));
        command.Parameters.Add(new DuckDBParameter("t", name));
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string)>();
        while (reader.Read())
        {
            var type = reader.GetString(1);
            columns.Add((reader.GetString(0), type switch
            {
                "BIGINT" or "INTEGER" or "SMALLINT" or "HUGEINT" => "INT64",
                "DOUBLE" or "FLOAT" => "FLOAT64",
                "BOOLEAN" => "BOOL",
                "DATE" => "DATE",
                _ when type.StartsWith("TIMESTAMP", StringComparison.Ordinal) => "TIMESTAMP",
                _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => "NUMERIC",
                _ => "STRING",
            }));
        }

        return columns;
    }

    private static List<DuckDBParameter> Parameters(JsonObject request)
    {
        var parameters = new List<DuckDBParameter>();
        if (request["queryParameters"] is not JsonArray list || list.Count == 0)
        {
            return parameters;
        }

        if ((string?)request["parameterMode"] != "NAMED")
        {
            throw new EmulatorException(400, "invalidQuery", "Named parameters need parameterMode NAMED");
        }

        foreach (var item in list)
        {
            var name = (string)item!["name"]!;
            var type = (string)item["parameterType"]!["type"]!;
            var value = (string)item["parameterValue"]!["value"]!;
            object bound = type switch
            {
                "TIMESTAMP" => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).UtcDateTime,
                "INT64" => long.Parse(value, CultureInfo.InvariantCulture),
                "FLOAT64" => double.Parse(value, CultureInfo.InvariantCulture),
                "STRING" => value,
                _ => throw new EmulatorException(400, "invalidQuery", $"Unsupported parameter type {type}"),
            };
            parameters.Add(new DuckDBParameter(name, bound));
        }

        return parameters;
    }

    // DuckDB refuses parameters a statement does not use, so bind only those it names.
    private static IEnumerable<DuckDBParameter> Used(string sql, List<DuckDBParameter> parameters) =>
        parameters.Where(p => Regex.IsMatch(sql, "\\$" + p.ParameterName + "(?![A-Za-z0-9_])"));

    private (List<(string Name, string Type)> Schema, List<object?[]> Rows) Run(string sql, List<DuckDBParameter> parameters)
    {
        try
        {
            using var command = _duck.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in Used(sql, parameters))
            {
                command.Parameters.Add(new DuckDBParameter(parameter.ParameterName, parameter.Value));
            }

            using var reader = command.ExecuteReader();
            var schema = Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), TypeOf(reader.GetFieldType(i)))).ToList();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
            }

            return (schema, rows);
        }
        catch (DuckDBException error)
        {
            var message = error.Message.Split('\n')[0];
            throw message.Contains("does not exist", StringComparison.Ordinal)
                ? new EmulatorException(404, "notFound", "Not found: " + message)
                : new EmulatorException(400, "invalidQuery", message);
        }
    }

    private static string TypeOf(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(BigInteger) || type == typeof(ulong) ? "INT64"
        : type == typeof(double) || type == typeof(float) ? "FLOAT64"
        : type == typeof(decimal) ? "NUMERIC"
        : type == typeof(bool) ? "BOOL"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) ? "TIMESTAMP"
        : "STRING";

    private static JsonNode? Cell(object? value, string type, bool int64Timestamps)
    {
        if (value is null)
        {
            return null;
        }

        if (type == "TIMESTAMP")
        {
            var instant = value is DateTimeOffset offset ? offset.UtcDateTime : DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc);
            var micros = (instant - DateTime.UnixEpoch).Ticks / 10;
            // BigQuery writes float seconds in exponent form ("1.767940533372E9") unless asked for int64 micros.
            return int64Timestamps
                ? micros.ToString(CultureInfo.InvariantCulture)
                : (micros / 1e6).ToString("0.0#####################E0", CultureInfo.InvariantCulture);
        }

        return value switch
        {
            bool flag => flag ? "true" : "false",
            double real => real.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    private void RequirePartitionFilter(string sql, List<string> tables)
    {
        foreach (var table in tables)
        {
            if (_tables.GetValueOrDefault(table) is { RequirePartitionFilter: true, PartitionColumn: { } column } && !WhereMentions(sql, column))
            {
                throw new EmulatorException(400, "invalidQuery", $"Cannot query over table '{table}' without a filter over column(s) '{column}' that can be used for partition elimination");
            }
        }
    }

    private static bool WhereMentions(string sql, string column)
    {
        var where = sql.IndexOf("\nWHERE ", StringComparison.Ordinal);
        return where >= 0 && Word(column).IsMatch(EmulatorSql.WithoutStrings(sql[where..]));
    }

    private static Regex Word(string column) => new("(?<![A-Za-z0-9_])" + Regex.Escape(column) + "(?![A-Za-z0-9_])", RegexOptions.IgnoreCase);

    /// <summary>
    /// Bytes as BigQuery counts them: for each column the statement names, 8 bytes per non-NULL INT64, FLOAT64 or
    /// TIMESTAMP, 1 per BOOL, 2 plus the UTF-8 length per STRING; over every row of the partitions the WHERE clause
    /// keeps (a partition is read whole when any of its rows may match), or of the whole table.
    /// </summary>
    private long EstimateBytes(string sql, string duckSql, List<string> tables, List<DuckDBParameter> parameters)
    {
        if (tables.Count != 1)
        {
            return 0;
        }

        var table = tables[0];
        var text = EmulatorSql.WithoutStrings(sql);
        var sizes = Columns(table)
            .Where(c => Word(c.Name).IsMatch(text))
            .Select(c => $"coalesce(sum(CASE WHEN \"{c.Name}\" IS NULL THEN 0 ELSE {(c.Type == "STRING" ? $"2 + strlen(\"{c.Name}\")" : c.Type == "BOOL" ? "1" : "8")} END), 0)")
            .ToList();
        if (sizes.Count == 0)
        {
            return 0;
        }

        var rows = "TRUE";
        var whereAt = duckSql.IndexOf("\nWHERE ", StringComparison.Ordinal);
        if (_tables.GetValueOrDefault(table)?.PartitionColumn is { } column && WhereMentions(sql, column))
        {
            var where = duckSql[(whereAt + "\nWHERE ".Length)..];
            rows = $"date_trunc('day', \"{column}\") IN (SELECT DISTINCT date_trunc('day', \"{column}\") FROM {Quote(table)} WHERE {where})";
        }

        var estimate = $"SELECT {string.Join(" + ", sizes)} FROM {Quote(table)} WHERE {rows}";
        try
        {
            return Scalar(estimate, Used(estimate, parameters).Select(p => new DuckDBParameter(p.ParameterName, p.Value)));
        }
        catch (DuckDBException error)
        {
            throw new EmulatorException(400, "invalidQuery", error.Message.Split('\n')[0]);
        }
    }

    private string PartitionsQuery(string dataset)
    {
        var parts = _tables
            .Where(t => t.Key.StartsWith(dataset + ".", StringComparison.Ordinal) && t.Value.PartitionColumn is not null)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"SELECT '{t.Key.Split('.')[1]}' AS table_name, strftime(\"{t.Value.PartitionColumn}\", '%Y%m%d') AS partition_id, count(*) AS total_rows, " +
                $"TIMESTAMP '{t.Value.LastModified.UtcDateTime:yyyy-MM-dd HH:mm:ss}' AS last_modified_time FROM {Quote(t.Key)} WHERE \"{t.Value.PartitionColumn}\" IS NOT NULL GROUP BY 2")
            .ToList();
        return parts.Count == 0
            ? "SELECT NULL::VARCHAR AS table_name, NULL::VARCHAR AS partition_id, NULL::BIGINT AS total_rows, NULL::TIMESTAMP AS last_modified_time WHERE false"
            : string.Join(" UNION ALL ", parts);
    }
}
