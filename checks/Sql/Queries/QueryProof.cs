using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CustomerData.Checks.Sql.Filters;

namespace CustomerData.Checks.Sql.Queries;

/// <summary>
/// Proves a sql check's query is one allowed SELECT with DuckDB's own parser (json_serialize_sql: nothing is run).
/// The query alone must parse as exactly one statement that can be serialized, which DuckDB allows for SELECT only
/// (INSERT, DROP, COPY, ATTACH, PRAGMA, SET... and a WITH clause that writes do not); then the very statement the
/// source runs (<see cref="SqlQueryBuilder.WrapQuery"/>) must parse as one SELECT of the subquery "q" with nothing
/// but LIMIT 2, so the query cannot reach past its parentheses, and that subquery must pass <see cref="QueryWalker"/>.
/// Verdicts are cached per query text.
/// </summary>
internal sealed class QueryProof(DuckDbParser parser)
{
    internal const int MaxLength = 100_000;

    private static readonly string Prefix = SqlQueryBuilder.WrapQuery("*", "\u0001").Split('\u0001')[0];

    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);

    /// <summary>Null when the query is proven; otherwise why not and where.</summary>
    public QueryRefusal? Check(string query) => _verdicts.GetOrAdd(query, text => new Verdict(Prove(text))).Refusal;

    /// <summary>The refusal of a measurement's query, or null when it reads a table or its query is proven.</summary>
    public QueryRefusal? Check(TableMeasurement measurement) => measurement.Target is QueryTarget query ? Check(query.Sql) : null;

    /// <summary>Throws <see cref="RefusedQueryException"/> unless the measurement reads a table or a proven query.</summary>
    public void EnsureProven(TableMeasurement measurement)
    {
        if (Check(measurement) is { } refusal)
        {
            throw new RefusedQueryException(refusal);
        }
    }

    private QueryRefusal? Prove(string query)
    {
        if (Lexical(query) is { } refused)
        {
            return refused;
        }

        var bytes = Encoding.UTF8.GetBytes(query);
        Func<long, int> Offsets(int prefix) => at => Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Clamp(at - prefix, 0, bytes.Length));
        try
        {
            using (var alone = parser.Parse(query))
            {
                if (Alone(alone.RootElement, Offsets(0)) is { } refusal)
                {
                    return refusal;
                }
            }

            using var wrapped = parser.Parse(SqlQueryBuilder.WrapQuery("*", query));
            return Enclosed(wrapped.RootElement) is { } inner
                ? new QueryWalker(Offsets(Prefix.Length)).Walk(inner)
                : new QueryRefusal("the query closes a parenthesis it did not open, so it is not one SELECT");
        }
        catch (Exception error) when (error is KeyNotFoundException or InvalidOperationException or JsonException)
        {
            // json_serialize_sql's shape changed under us, or the tree is deeper than JSON may nest: refuse rather than guess.
            return new QueryRefusal("the query's syntax tree has a shape this monitor does not recognise");
        }
        catch (DuckDB.NET.Data.DuckDBException error)
        {
            return new QueryRefusal("DuckDB's parser could not read the query: " + FirstLine(error.Message));
        }
    }

    /// <summary>What is refused before any parser sees the query: nothing, too long, control characters, a final ";".</summary>
    internal static QueryRefusal? Lexical(string query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return new QueryRefusal("the query is empty");
        }

        if (query.Length > MaxLength)
        {
            return new QueryRefusal($"the query is longer than {MaxLength:N0} characters");
        }

        for (var i = 0; i < query.Length; i++)
        {
            if (char.IsControl(query[i]) && query[i] is not ('\t' or '\n' or '\r'))
            {
                return new QueryRefusal($"the query holds the control character U+{(int)query[i]:X4}", i);
            }
        }

        var end = query.TrimEnd();
        return end.EndsWith(';') ? new QueryRefusal("the query ends with \";\": write its one SELECT without it", end.Length - 1) : null;
    }

    // The query on its own: one statement, which DuckDB serializes only when it is a SELECT.
    private static QueryRefusal? Alone(JsonElement root, Func<long, int> offsetOf)
    {
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            if (message.Contains("Only SELECT statements", StringComparison.Ordinal))
            {
                return new QueryRefusal("the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT");
            }

            int? at = root.TryGetProperty("position", out var p) && long.TryParse(p.GetString(), out var position) ? offsetOf(position) : null;
            return new QueryRefusal("the query is not one DuckDB SELECT: " + FirstLine(message), at);
        }

        var count = root.GetProperty("statements").GetArrayLength();
        return count == 1 ? null : new QueryRefusal($"the query holds {count} statements: a sql check runs one SELECT");
    }

    // The statement as the source runs it must be exactly SELECT * FROM (<query>) AS q LIMIT 2; returns the query's node.
    private static JsonElement? Enclosed(JsonElement root)
    {
        if (root.GetProperty("error").GetBoolean() || root.GetProperty("statements").GetArrayLength() != 1)
        {
            return null;
        }

        var node = root.GetProperty("statements")[0].GetProperty("node");
        var from = node.GetProperty("from_table");
        var modifiers = node.GetProperty("modifiers");
        var exact = node.GetProperty("type").GetString() == "SELECT_NODE"
            && node.GetProperty("cte_map").GetProperty("map").GetArrayLength() == 0
            && node.GetProperty("select_list").GetArrayLength() == 1 && node.GetProperty("select_list")[0].GetProperty("class").GetString() == "STAR"
            && from.GetProperty("type").GetString() == "SUBQUERY" && from.GetProperty("alias").GetString() == "q"
            && modifiers.GetArrayLength() == 1 && modifiers[0].GetProperty("type").GetString() == "LIMIT_MODIFIER"
            && node.GetProperty("where_clause").ValueKind == JsonValueKind.Null
            && node.GetProperty("group_expressions").GetArrayLength() == 0
            && node.GetProperty("having").ValueKind == JsonValueKind.Null
            && node.GetProperty("qualify").ValueKind == JsonValueKind.Null
            && node.GetProperty("sample").ValueKind == JsonValueKind.Null;
        return exact ? from.GetProperty("subquery").GetProperty("node") : null;
    }

    private static string FirstLine(string message)
    {
        var line = Sources.ShellText.Inline(message.Split('\n')[0].Trim());
        return line.Length > 200 ? line[..200] + "..." : line;
    }

    private sealed record Verdict(QueryRefusal? Refusal);
}
