using System.Text.Json;
using CustomerData.Checks.Sql.Filters;

namespace CustomerData.Checks.Sql.Queries;

/// <summary>The walker's expressions: columns, constants, operators, CASE, casts, functions, windows and stars.</summary>
internal sealed partial class QueryWalker
{
    private QueryRefusal? Expression(JsonElement node, int depth)
    {
        if (node.ValueKind != JsonValueKind.Object || Text(node, "class") is not { } kind)
        {
            return Refuse("the query holds an expression this monitor does not recognise");
        }

        Locate(node);
        if (depth > MaxDepth)
        {
            return Refuse($"the query is nested more than {MaxDepth} levels deep");
        }

        if (!ExpressionFields.TryGetValue(kind, out var fields))
        {
            return kind switch
            {
                "PARAMETER" => Refuse("the query holds a parameter ($n or ?): write the value itself"),
                "LAMBDA" => Refuse("the query holds a lambda (->), which a sql check may not use"),
                "COLLATE" => Refuse("the query uses COLLATE, which a sql check may not use"),
                "POSITIONAL_REFERENCE" => Refuse("the query holds a positional reference (#n): name the column"),
                _ => Refuse($"the query holds a {Printable(kind)} expression, which a sql check may not use"),
            };
        }

        if (Unknown(node, fields, kind + " expression") is { } unknown)
        {
            return unknown;
        }

        var type = Text(node, "type") ?? string.Empty;
        return kind switch
        {
            "COLUMN_REF" => Names(node.GetProperty("column_names")),
            "CONSTANT" => null,
            "COMPARISON" when FilterWalker.Comparisons.Contains(type) => Each(depth, node.GetProperty("left"), node.GetProperty("right")),
            "CONJUNCTION" when type is "CONJUNCTION_AND" or "CONJUNCTION_OR" => Each(depth, [.. node.GetProperty("children").EnumerateArray()]),
            "OPERATOR" when Operators.Contains(type) => Each(depth, [.. node.GetProperty("children").EnumerateArray()]),
            "BETWEEN" => Each(depth, node.GetProperty("input"), node.GetProperty("lower"), node.GetProperty("upper")),
            "CASE" => Case(node, depth),
            "CAST" => Cast(node, depth),
            "FUNCTION" => Function(node, depth),
            "WINDOW" => Window(node, depth),
            "SUBQUERY" => Query(node.GetProperty("subquery").GetProperty("node"), depth + 1) ?? Optional(node, "child", depth),
            "STAR" => Star(node),
            _ => Refuse($"the query uses {Printable(type)}, which a sql check may not use"),
        };
    }

    private QueryRefusal? Case(JsonElement node, int depth)
    {
        var parts = new List<JsonElement>();
        foreach (var check in node.GetProperty("case_checks").EnumerateArray())
        {
            if (Unknown(check, CaseFields, "CASE") is { } unknown)
            {
                return unknown;
            }

            parts.Add(check.GetProperty("when_expr"));
            parts.Add(check.GetProperty("then_expr"));
        }

        parts.Add(node.GetProperty("else_expr"));
        return Each(depth, [.. parts]);
    }

    private QueryRefusal? Cast(JsonElement node, int depth)
    {
        var target = node.GetProperty("cast_type");
        var id = Text(target, "id") ?? string.Empty;
        var info = target.TryGetProperty("type_info", out var i) ? i : default;
        var plain = info.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || (id == "DECIMAL" && Text(info, "type") == "DECIMAL_TYPE_INFO");
        return FilterWalker.PlainTypes.Contains(id) && plain
            ? Expression(node.GetProperty("child"), depth + 1)
            : Refuse($"the query casts to {Printable(info.ValueKind == JsonValueKind.Object && Text(info, "name") is { } named ? named : id)}, which is not a plain type");
    }

    private QueryRefusal? Function(JsonElement node, int depth)
    {
        if (Callable(node) is { } refused)
        {
            return refused;
        }

        var orders = node.GetProperty("order_bys");
        return Each(depth, [.. node.GetProperty("children").EnumerateArray()])
            ?? Optional(node, "filter", depth)
            ?? (orders.ValueKind == JsonValueKind.Object ? Orders(orders.GetProperty("orders"), depth) : null)
            ?? (node.GetProperty("export_state").GetBoolean() ? Refuse("the query uses EXPORT_STATE, which a sql check may not use") : null);
    }

    private QueryRefusal? Window(JsonElement node, int depth)
    {
        if (Callable(node) is { } refused)
        {
            return refused;
        }

        return Each(depth, [.. node.GetProperty("children").EnumerateArray(), .. node.GetProperty("partitions").EnumerateArray()])
            ?? Orders(node.GetProperty("orders"), depth)
            ?? Orders(node.GetProperty("arg_orders"), depth)
            ?? Optional(node, "start_expr", depth) ?? Optional(node, "end_expr", depth) ?? Optional(node, "offset_expr", depth)
            ?? Optional(node, "default_expr", depth) ?? Optional(node, "filter_expr", depth);
    }

    private QueryRefusal? Callable(JsonElement node)
    {
        var name = Text(node, "function_name") ?? string.Empty;
        var schema = Text(node, "schema") ?? string.Empty;
        return schema is not ("" or "main") || Text(node, "catalog") is { Length: > 0 }
            ? Refuse($"the query calls {Printable(schema)}.{Printable(name)}, which is not an allowed function")
            : Functions.Contains(name) ? null : Refuse($"the query calls {Printable(name)}, which is not an allowed function");
    }

    // * and t.* over the query's own tables; EXCLUDE, REPLACE, RENAME and COLUMNS(...) are refused.
    private QueryRefusal? Star(JsonElement node)
    {
        var relation = Text(node, "relation_name") ?? string.Empty;
        var plain = node.GetProperty("exclude_list").GetArrayLength() == 0 && node.GetProperty("replace_list").GetArrayLength() == 0
            && node.GetProperty("qualified_exclude_list").GetArrayLength() == 0 && node.GetProperty("rename_list").GetArrayLength() == 0
            && !node.GetProperty("columns").GetBoolean() && node.GetProperty("expr").ValueKind == JsonValueKind.Null
            && (relation.Length == 0 || PlainName().IsMatch(relation));
        return plain ? null : Refuse("the query uses COLUMNS(...), EXCLUDE, REPLACE or RENAME with *, which a sql check may not use");
    }
}
