using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Checks.Sql.Filters;

namespace CustomerData.Checks.Sql.Queries;

/// <summary>
/// Walks the tree DuckDB's parser made of a sql check's query. Only these shapes pass: SELECT (with WITH, joins,
/// subqueries, GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT, DISTINCT) and set operations over plain table and view
/// names; expressions of columns, constants, operators, CASE, casts to plain types, subqueries and the aggregate,
/// window and scalar functions listed here. Any other node, or a known node with a field this walker does not know,
/// is refused (default deny): table functions (read_csv, query, glob...), file paths, getenv, settings, parameters.
/// </summary>
internal sealed partial class QueryWalker(Func<long, int> offsetOf)
{
    private const int MaxDepth = 256;

    // A filter's expressions, plus window functions, subqueries and * (count(*) is a function of its own).
    private static readonly FrozenDictionary<string, FrozenSet<string>> ExpressionFields = FilterWalker.Fields
        .Concat(new Dictionary<string, string[]>
        {
            ["WINDOW"] =
            [
                "function_name", "schema", "catalog", "children", "partitions", "orders", "start", "end", "start_expr", "end_expr",
                "offset_expr", "default_expr", "ignore_nulls", "filter_expr", "exclude_clause", "distinct", "arg_orders",
            ],
            ["SUBQUERY"] = ["subquery", "subquery_type", "child", "comparison_type"],
            ["STAR"] = ["relation_name", "exclude_list", "replace_list", "columns", "expr", "qualified_exclude_list", "rename_list"],
        }.Select(p => KeyValuePair.Create(p.Key, p.Value.Concat(FilterWalker.Common).ToFrozenSet(StringComparer.Ordinal))))
        .ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SelectFields =
    [
        "type", "modifiers", "cte_map", "select_list", "from_table", "where_clause", "group_expressions", "group_sets",
        "aggregate_handling", "having", "sample", "qualify",
    ];

    private static readonly FrozenSet<string> SetOperationFields = ["type", "modifiers", "cte_map", "left", "right", "setop_type", "setop_all"];

    private static readonly FrozenSet<string> OrderFields = ["type", "orders"];

    private static readonly FrozenSet<string> OrderItemFields = ["type", "null_order", "expression"];

    private static readonly FrozenSet<string> LimitFields = ["type", "limit", "offset"];

    private static readonly FrozenSet<string> DistinctFields = ["type", "distinct_on_targets"];

    private static readonly FrozenSet<string> CteFields = ["aliases", "query", "materialized", "key_targets"];

    private static readonly FrozenSet<string> CaseFields = ["when_expr", "then_expr"];

    private static readonly FrozenDictionary<string, FrozenSet<string>> TableFields = new Dictionary<string, string[]>
    {
        ["EMPTY"] = [],
        ["BASE_TABLE"] = ["schema_name", "table_name", "column_name_alias", "catalog_name", "at_clause"],
        ["JOIN"] = ["left", "right", "condition", "join_type", "ref_type", "using_columns", "delim_flipped", "duplicate_eliminated_columns"],
        ["SUBQUERY"] = ["subquery", "column_name_alias"],
        ["EXPRESSION_LIST"] = ["expected_names", "expected_types", "values"],
    }.ToFrozenDictionary(p => p.Key, p => p.Value.Concat(["type", "alias", "sample", "query_location"]).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    private static readonly FrozenSet<string> Operators =
        ["COMPARE_IN", "COMPARE_NOT_IN", "OPERATOR_IS_NULL", "OPERATOR_IS_NOT_NULL", "OPERATOR_NOT", "OPERATOR_COALESCE"];

    /// <summary>Pure functions of rows and the clock: operators, interval literals, scalars, aggregates and window functions.</summary>
    internal static readonly FrozenSet<string> Functions = new[]
    {
        "+", "-", "*", "/", "//", "%", "||", "~~", "!~~", "~~*", "!~~*", "like_escape", "ilike_escape",
        "trunc", "to_years", "to_months", "to_weeks", "to_days", "to_hours", "to_minutes", "to_seconds", "to_milliseconds", "to_microseconds",
        "lower", "upper", "trim", "ltrim", "rtrim", "length", "strlen", "substring", "substr", "left", "right", "replace", "concat",
        "starts_with", "ends_with", "contains", "regexp_matches", "abs", "round", "floor", "ceil", "ceiling", "sqrt", "ln", "log",
        "log2", "log10", "exp", "pow", "power", "sign", "isnan", "isfinite", "nullif", "ifnull", "greatest", "least",
        "date_trunc", "date_part", "datepart", "date_diff", "datediff", "date_sub", "datesub", "epoch", "epoch_ms", "epoch_us",
        "strftime", "make_date", "year", "month", "day", "hour", "now", "current_date", "current_timestamp", "today",
        "count", "count_star", "count_if", "countif", "sum", "avg", "mean", "min", "max", "any_value", "first", "last", "median",
        "mode", "quantile", "quantile_cont", "quantile_disc", "approx_count_distinct", "approx_quantile", "stddev", "stddev_pop",
        "stddev_samp", "var_pop", "var_samp", "variance", "bool_and", "bool_or", "fsum", "favg", "product", "arg_min", "arg_max",
        "argmin", "argmax", "min_by", "max_by", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "entropy",
        "kurtosis", "skewness", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value",
    }.ToFrozenSet(StringComparer.Ordinal);

    private int? _offset;

    /// <summary>The first refusal in a query node (SELECT or set operation), left to right, or null when all is allowed.</summary>
    public QueryRefusal? Walk(JsonElement node) => Query(node, 0);

    private QueryRefusal? Query(JsonElement node, int depth)
    {
        if (depth > MaxDepth)
        {
            return Refuse($"the query is nested more than {MaxDepth} levels deep");
        }

        var type = Text(node, "type");
        var fields = type switch
        {
            "SELECT_NODE" => SelectFields,
            "SET_OPERATION_NODE" => SetOperationFields,
            _ => null,
        };
        if (fields is null)
        {
            return Refuse(type == "RECURSIVE_CTE_NODE" ? "the query holds WITH RECURSIVE, which a sql check may not use" : $"the query holds a {Printable(type)}, which this monitor does not recognise");
        }

        if (Unknown(node, fields, "query") is { } unknown)
        {
            return unknown;
        }

        if ((Modifiers(node.GetProperty("modifiers"), depth) ?? Ctes(node.GetProperty("cte_map"), depth)) is { } refused)
        {
            return refused;
        }

        if (type == "SET_OPERATION_NODE")
        {
            return Query(node.GetProperty("left"), depth + 1) ?? Query(node.GetProperty("right"), depth + 1);
        }

        if (node.GetProperty("sample").ValueKind != JsonValueKind.Null)
        {
            return Refuse("the query uses USING SAMPLE, which makes its value random: a sql check reads every row it names");
        }

        return Each(depth, [.. node.GetProperty("select_list").EnumerateArray()])
            ?? Table(node.GetProperty("from_table"), depth + 1)
            ?? Optional(node, "where_clause", depth)
            ?? Each(depth, [.. node.GetProperty("group_expressions").EnumerateArray()])
            ?? Optional(node, "having", depth)
            ?? Optional(node, "qualify", depth);
    }

    private QueryRefusal? Modifiers(JsonElement modifiers, int depth)
    {
        foreach (var modifier in modifiers.EnumerateArray())
        {
            var refused = Text(modifier, "type") switch
            {
                "ORDER_MODIFIER" => Unknown(modifier, OrderFields, "ORDER BY") ?? Orders(modifier.GetProperty("orders"), depth),
                "LIMIT_MODIFIER" => Unknown(modifier, LimitFields, "LIMIT") ?? Optional(modifier, "limit", depth) ?? Optional(modifier, "offset", depth),
                "DISTINCT_MODIFIER" => Unknown(modifier, DistinctFields, "DISTINCT")
                    ?? Each(depth, [.. modifier.GetProperty("distinct_on_targets").EnumerateArray()]),
                var other => Refuse($"the query holds a {Printable(other)} clause, which this monitor does not recognise"),
            };
            if (refused is not null)
            {
                return refused;
            }
        }

        return null;
    }

    private QueryRefusal? Orders(JsonElement orders, int depth)
    {
        foreach (var order in orders.EnumerateArray())
        {
            if ((Unknown(order, OrderItemFields, "ORDER BY") ?? Expression(order.GetProperty("expression"), depth + 1)) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    private QueryRefusal? Ctes(JsonElement cteMap, int depth)
    {
        foreach (var entry in cteMap.GetProperty("map").EnumerateArray())
        {
            var value = entry.GetProperty("value");
            var refused = Unknown(value, CteFields, "WITH")
                ?? (value.GetProperty("key_targets").GetArrayLength() > 0 ? Refuse("the query's WITH clause uses USING KEY, which this monitor does not recognise") : null)
                ?? Query(value.GetProperty("query").GetProperty("node"), depth + 1);
            if (refused is not null)
            {
                return refused;
            }
        }

        return null;
    }

    private QueryRefusal? Table(JsonElement table, int depth)
    {
        Locate(table);
        var type = Text(table, "type") ?? string.Empty;
        if (!TableFields.TryGetValue(type, out var fields))
        {
            return type switch
            {
                "TABLE_FUNCTION" => Refuse($"the query reads the table function {Printable(Text(table.GetProperty("function"), "function_name"))}: a sql check reads tables and views only"),
                "SHOW_REF" => Refuse("the query uses DESCRIBE, SHOW or SUMMARIZE, which a sql check may not use"),
                _ => Refuse($"the query reads a {Printable(type)}, which a sql check may not use"),
            };
        }

        if (Unknown(table, fields, "FROM clause") is { } unknown)
        {
            return unknown;
        }

        if (table.GetProperty("sample").ValueKind != JsonValueKind.Null)
        {
            return Refuse("the query uses TABLESAMPLE or USING SAMPLE, which makes its value random: a sql check reads every row it names");
        }

        return type switch
        {
            "BASE_TABLE" => BaseTable(table),
            "JOIN" => Table(table.GetProperty("left"), depth + 1) ?? Table(table.GetProperty("right"), depth + 1)
                ?? Names(table.GetProperty("using_columns")) ?? Optional(table, "condition", depth),
            "SUBQUERY" => Query(table.GetProperty("subquery").GetProperty("node"), depth + 1),
            "EXPRESSION_LIST" => Each(depth, [.. table.GetProperty("values").EnumerateArray().SelectMany(row => row.EnumerateArray())]),
            _ => null,
        };
    }

    private QueryRefusal? BaseTable(JsonElement table)
    {
        if (table.GetProperty("at_clause").ValueKind != JsonValueKind.Null)
        {
            return Refuse("the query reads a table AT a version or time, which a sql check may not use");
        }

        var catalog = Text(table, "catalog_name") ?? string.Empty;
        var schema = Text(table, "schema_name") ?? string.Empty;
        var name = Text(table, "table_name") ?? string.Empty;
        foreach (var part in new[] { catalog, schema }.Where(p => p.Length > 0).Append(name))
        {
            if (!PlainName().IsMatch(part))
            {
                return Refuse($"the query reads \"{Printable(part)}\", which is not a plain table name (letters, digits and _): a sql check reads tables and views only");
            }
        }

        return null;
    }

    private QueryRefusal? Names(JsonElement names)
    {
        foreach (var part in names.EnumerateArray())
        {
            var name = part.GetString() ?? string.Empty;
            if (!PlainName().IsMatch(name))
            {
                return Refuse($"the query names \"{Printable(name)}\", which is not a plain name (letters, digits and _)");
            }
        }

        return null;
    }

    private QueryRefusal? Optional(JsonElement node, string field, int depth) =>
        node.GetProperty(field) is { ValueKind: JsonValueKind.Object } value ? Expression(value, depth + 1) : null;

    private QueryRefusal? Each(int depth, params JsonElement[] nodes)
    {
        foreach (var child in nodes)
        {
            if (Expression(child, depth + 1) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private QueryRefusal? Unknown(JsonElement node, FrozenSet<string> fields, string what)
    {
        foreach (var field in node.EnumerateObject())
        {
            if (!fields.Contains(field.Name))
            {
                return Refuse($"the query holds a {what} with \"{Printable(field.Name)}\", which this monitor does not recognise");
            }
        }

        return null;
    }

    private void Locate(JsonElement node)
    {
        if (node.TryGetProperty("query_location", out var location) && location.TryGetInt64(out var at) && at >= 0 && at < int.MaxValue)
        {
            _offset = offsetOf(at);
        }
    }

    private QueryRefusal Refuse(string reason) => new(reason, _offset);

    private static string? Text(JsonElement node, string property) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Printable(string? text) => FilterWalker.Printable(text);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
