using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>
/// Walks the expression tree DuckDB's parser made of a filter. Only the shapes listed here pass: column references,
/// constants, comparisons, AND/OR/NOT, IN lists of constants, BETWEEN, IS [NOT] NULL, LIKE/ILIKE, CASE, casts to
/// plain types and calls of the dialect's allowed functions. Any other node, or a known node with a field this
/// walker does not know, is refused (default deny).
/// </summary>
internal sealed partial class FilterWalker(FilterDialect dialect, Func<long, int> offsetOf)
{
    private const int MaxDepth = 256;

    internal static readonly string[] Common = ["class", "type", "alias", "query_location"];

    internal static readonly FrozenDictionary<string, FrozenSet<string>> Fields = new Dictionary<string, string[]>
    {
        ["COLUMN_REF"] = ["column_names"],
        ["CONSTANT"] = ["value"],
        ["COMPARISON"] = ["left", "right"],
        ["CONJUNCTION"] = ["children"],
        ["OPERATOR"] = ["children"],
        ["BETWEEN"] = ["input", "lower", "upper"],
        ["CASE"] = ["case_checks", "else_expr"],
        ["CAST"] = ["child", "cast_type", "try_cast"],
        ["FUNCTION"] = ["function_name", "schema", "children", "filter", "order_bys", "distinct", "is_operator", "export_state", "catalog"],
    }.ToFrozenDictionary(p => p.Key, p => p.Value.Concat(Common).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    internal static readonly FrozenSet<string> Comparisons =
    [
        "COMPARE_EQUAL", "COMPARE_NOTEQUAL", "COMPARE_LESSTHAN", "COMPARE_GREATERTHAN", "COMPARE_LESSTHANOREQUALTO",
        "COMPARE_GREATERTHANOREQUALTO", "COMPARE_DISTINCT_FROM", "COMPARE_NOT_DISTINCT_FROM",
    ];

    internal static readonly FrozenSet<string> PlainTypes =
    [
        "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
        "FLOAT", "DOUBLE", "DECIMAL", "VARCHAR", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "INTERVAL",
    ];

    private int? _offset;

    /// <summary>The first refusal in the expression, left to right, or null when every node is allowed.</summary>
    public FilterRefusal? Walk(JsonElement node) => Expression(node, 0);

    private FilterRefusal? Expression(JsonElement node, int depth)
    {
        if (node.ValueKind != JsonValueKind.Object || Text(node, "class") is not { } kind)
        {
            return Refuse("the filter holds an expression this monitor does not recognise");
        }

        if (node.TryGetProperty("query_location", out var location) && location.TryGetInt64(out var at))
        {
            _offset = offsetOf(at);
        }

        if (depth > MaxDepth)
        {
            return Refuse($"the filter is nested more than {MaxDepth} levels deep");
        }

        var type = Text(node, "type") ?? string.Empty;
        if (!Fields.TryGetValue(kind, out var fields))
        {
            return Foreign(node, kind);
        }

        foreach (var field in node.EnumerateObject())
        {
            if (!fields.Contains(field.Name))
            {
                return Refuse($"the filter holds a {kind} expression with \"{Printable(field.Name)}\", which this monitor does not recognise");
            }
        }

        return kind switch
        {
            "COLUMN_REF" => Column(node),
            "CONSTANT" => null,
            "COMPARISON" when Comparisons.Contains(type) => Each(depth, node.GetProperty("left"), node.GetProperty("right")),
            "CONJUNCTION" when type is "CONJUNCTION_AND" or "CONJUNCTION_OR" => Each(depth, [.. node.GetProperty("children").EnumerateArray()]),
            "OPERATOR" => Operator(node, type, depth),
            "BETWEEN" => Each(depth, node.GetProperty("input"), node.GetProperty("lower"), node.GetProperty("upper")),
            "CASE" => Case(node, depth),
            "CAST" => Cast(node, depth),
            "FUNCTION" => Function(node, depth),
            _ => Refuse($"the filter uses {type}, which a filter may not use"),
        };
    }

    private FilterRefusal? Foreign(JsonElement node, string kind) => kind switch
    {
        "SUBQUERY" => Refuse($"the filter holds a subquery ({Text(node, "subquery_type")}): a filter reads only the checked table's own columns"),
        "WINDOW" => Refuse($"the filter uses the window function {Printable(Text(node, "function_name"))}, which a filter may not use"),
        "LAMBDA" => Refuse("the filter holds a lambda (->), which a filter may not use"),
        "COLLATE" => Refuse("the filter uses COLLATE, which a filter may not use"),
        "PARAMETER" => Refuse("the filter holds a query parameter ($n or ?): write the value itself"),
        "STAR" => Refuse("the filter holds * or COLUMNS(...), which a filter may not use"),
        "POSITIONAL_REFERENCE" => Refuse("the filter holds a positional reference (#n): name the column"),
        _ => Refuse($"the filter holds a {Printable(kind)} expression, which a filter may not use"),
    };

    private FilterRefusal? Column(JsonElement node)
    {
        foreach (var part in node.GetProperty("column_names").EnumerateArray())
        {
            var name = part.GetString() ?? string.Empty;
            if (!PlainName().IsMatch(name))
            {
                return Refuse($"the filter names \"{Printable(name)}\", which is not a plain column name (letters, digits and _)");
            }
        }

        return null;
    }

    private FilterRefusal? Operator(JsonElement node, string type, int depth)
    {
        var children = node.GetProperty("children").EnumerateArray().ToList();
        switch (type)
        {
            case "COMPARE_IN" or "COMPARE_NOT_IN":
                foreach (var item in children.Skip(1))
                {
                    if (!IsConstant(item))
                    {
                        return Expression(item, depth + 1) ?? Refuse("the filter's IN list holds something other than constants");
                    }
                }

                return Each(depth, [.. children]);
            case "OPERATOR_IS_NULL" or "OPERATOR_IS_NOT_NULL" or "OPERATOR_NOT" or "OPERATOR_COALESCE":
                return Each(depth, [.. children]);
            default:
                return Refuse($"the filter uses {Printable(type)}, which a filter may not use");
        }
    }

    private FilterRefusal? Case(JsonElement node, int depth)
    {
        var parts = new List<JsonElement>();
        foreach (var check in node.GetProperty("case_checks").EnumerateArray())
        {
            if (check.EnumerateObject().Any(p => p.Name is not ("when_expr" or "then_expr")))
            {
                return Refuse("the filter holds a CASE branch this monitor does not recognise");
            }

            parts.Add(check.GetProperty("when_expr"));
            parts.Add(check.GetProperty("then_expr"));
        }

        parts.Add(node.GetProperty("else_expr"));
        return Each(depth, [.. parts]);
    }

    private FilterRefusal? Cast(JsonElement node, int depth)
    {
        var target = node.GetProperty("cast_type");
        var id = Text(target, "id") ?? string.Empty;
        var info = target.TryGetProperty("type_info", out var i) ? i : default;
        var plain = info.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            || (id == "DECIMAL" && Text(info, "type") == "DECIMAL_TYPE_INFO");
        if (!PlainTypes.Contains(id) || !plain)
        {
            var name = info.ValueKind == JsonValueKind.Object && Text(info, "name") is { } named ? named : id;
            return Refuse($"the filter casts to {Printable(name)}, which is not a plain type");
        }

        return Expression(node.GetProperty("child"), depth + 1);
    }

    private FilterRefusal? Function(JsonElement node, int depth)
    {
        var name = Text(node, "function_name") ?? string.Empty;
        var schema = Text(node, "schema") ?? string.Empty;
        if (schema is not ("" or "main") || Text(node, "catalog") is { Length: > 0 })
        {
            return Refuse($"the filter calls {Printable(schema)}.{Printable(name)}, which is not an allowed function");
        }

        if (!dialect.Functions.Contains(name))
        {
            return Refuse($"the filter calls {Printable(name)}, which is not an allowed function");
        }

        var ordered = node.TryGetProperty("order_bys", out var orders) && orders.ValueKind == JsonValueKind.Object
            && orders.TryGetProperty("orders", out var list) && list.GetArrayLength() > 0;
        if (node.GetProperty("filter").ValueKind != JsonValueKind.Null || node.GetProperty("distinct").GetBoolean() || ordered
            || (node.TryGetProperty("export_state", out var export) && export.GetBoolean()))
        {
            return Refuse($"the filter calls {Printable(name)} with DISTINCT, FILTER, ORDER BY or EXPORT_STATE, which only aggregates take");
        }

        return Each(depth, [.. node.GetProperty("children").EnumerateArray()]);
    }

    private FilterRefusal? Each(int depth, params JsonElement[] nodes)
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

    private static bool IsConstant(JsonElement node) =>
        Text(node, "class") switch
        {
            "CONSTANT" => true,
            "CAST" => IsConstant(node.GetProperty("child")),
            _ => false,
        };

    private FilterRefusal Refuse(string reason) => new(reason, _offset);

    private static string? Text(JsonElement node, string property) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A name as messages show it: at most 60 characters, anything outside printable ASCII as \uXXXX so lookalikes show.</summary>
    internal static string Printable(string? text)
    {
        var value = text ?? string.Empty;
        var shown = string.Concat(value.Take(60).Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
        return value.Length > 60 ? shown + "..." : shown;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
