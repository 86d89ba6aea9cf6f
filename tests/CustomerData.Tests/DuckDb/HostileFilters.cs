namespace CustomerData.Tests.DuckDb;

/// <summary>
/// Filters written to escape their predicate, each with the exact reason validation gives. {SECRET} and {KEY} stand
/// for the paths of <see cref="SecretWarehouse"/>'s secret files.
/// </summary>
internal static class HostileFilters
{
    private const string Function = ", which is not an allowed function";

    public static IReadOnlyList<(string Filter, string Reason)> All { get; } =
    [
        // File and URL readers, table functions, subqueries.
        ("error((SELECT string_agg(column0, '|') FROM read_csv('{SECRET}', header = false))) IS NULL", "the filter calls error" + Function + " (at character 1 of the filter)"),
        ("read_csv('{SECRET}') IS NOT NULL", "the filter calls read_csv" + Function + " (at character 1 of the filter)"),
        ("(SELECT count(*) FROM read_csv('{SECRET}')) > 0", Subquery("SCALAR") + " (at character 1 of the filter)"),
        ("EXISTS (SELECT 1 FROM read_json('{KEY}'))", Subquery("EXISTS") + " (at character 1 of the filter)"),
        ("country IN (SELECT content FROM read_text('{SECRET}'))", Subquery("ANY") + " (at character 9 of the filter)"),
        ("read_parquet('{SECRET}') IS NULL", "the filter calls read_parquet" + Function + " (at character 1 of the filter)"),
        ("read_text('{SECRET}') IS NULL", "the filter calls read_text" + Function + " (at character 1 of the filter)"),
        ("read_json_auto('{KEY}') IS NULL", "the filter calls read_json_auto" + Function + " (at character 1 of the filter)"),
        ("glob('/tmp/x') IS NULL", "the filter calls glob" + Function + " (at character 1 of the filter)"),
        ("read_csv('http://127.0.0.1:9/x.csv') IS NULL", "the filter calls read_csv" + Function + " (at character 1 of the filter)"),
        ("country = (SELECT content FROM read_text('https://127.0.0.1:9/x'))", Subquery("SCALAR") + " (at character 11 of the filter)"),
        ("country = (SELECT content FROM '{SECRET}')", Subquery("SCALAR") + " (at character 11 of the filter)"),
        ("main.read_csv('{SECRET}') IS NULL", "the filter calls read_csv" + Function + " (at character 1 of the filter)"),
        ("system.main.lower(country) = 'fr'", "the filter calls main.lower" + Function + " (at character 1 of the filter)"),
        ("country IN (SELECT * FROM query_table('shop.orders'))", Subquery("ANY") + " (at character 9 of the filter)"),
        ("country IN (WITH s AS (SELECT 'FR') SELECT * FROM s)", Subquery("ANY") + " (at character 9 of the filter)"),

        // Breakouts through parentheses and quotes, comments and semicolons.
        ("true)) AS BIGINT) * 0 + 424242 AS m9, CAST(count_if((true", "the filter is not one DuckDB expression: syntax error at or near \")\" (at character 6 of the filter)"),
        ("country = 'FR')) AS BIGINT) AS m0 FROM shop.orders --", "the filter holds \"--\", a comment: a filter is one expression, without comments (at character 52 of the filter)"),
        ("country = 'FR') OR (1 = 1", "the filter closes a parenthesis it did not open, so it is not one expression"),
        ("true) OR (true", "the filter closes a parenthesis it did not open, so it is not one expression"),
        ("true) UNION SELECT (1", "the filter turns the statement into a SET_OPERATION_NODE (UNION, INTERSECT, ...): a filter is one expression"),
        ("true) GROUP BY (1", "the filter adds GROUP BY to the statement: a filter is one expression"),
        ("true) ORDER BY (1", "the filter adds ORDER BY, LIMIT or DISTINCT to the statement: a filter is one expression"),
        ("true) LIMIT (1", "the filter adds ORDER BY, LIMIT or DISTINCT to the statement: a filter is one expression"),
        ("true) QUALIFY (1", "the filter adds QUALIFY to the statement: a filter is one expression"),
        ("1=1; DROP TABLE shop.orders", "the filter holds \";\", which ends a statement: a filter is one expression (at character 4 of the filter)"),
        ("country = 'FR'\n; DELETE FROM shop.orders", "the filter holds \";\", which ends a statement: a filter is one expression (at character 16 of the filter)"),
        ("country = 'FR' -- and the rest", "the filter holds \"--\", a comment: a filter is one expression, without comments (at character 16 of the filter)"),
        ("country = 'FR' /* hidden */", "the filter holds \"/*\", a comment: a filter is one expression, without comments (at character 16 of the filter)"),
        ("country = 'FR' */", "the filter holds \"*/\", a comment: a filter is one expression, without comments (at character 16 of the filter)"),
        ("country = 'FR'\0", "the filter holds the control character U+0000 (at character 15 of the filter)"),
        ("(PRAGMA database_list) IS NULL", "the filter is not one DuckDB expression: syntax error at or near \"database_list\" (at character 9 of the filter)"),
        ("COPY shop.orders TO '/tmp/x.csv'", "the filter is not one DuckDB expression: syntax error at or near \"shop\" (at character 6 of the filter)"),
        ("ATTACH '/tmp/x.duckdb'", "the filter casts to ATTACH, which is not a plain type"),

        // Lookalike characters: fullwidth parentheses, typographic quotes.
        ("country = 'FR'\uFF09", "the filter is not one DuckDB expression: syntax error at or near \"\uFF09\" (at character 15 of the filter)"),
        ("country = \u2019FR\u2019", "the filter names \"\\u2019FR\\u2019\", which is not a plain column name (letters, digits and _) (at character 11 of the filter)"),
        ("lower\uFF08country\uFF09 = 'fr'", "the filter names \"lower\\uFF08country\\uFF09\", which is not a plain column name (letters, digits and _) (at character 1 of the filter)"),

        // Settings, variables, errors, nested queries.
        ("current_setting('home_directory') IS NOT NULL", "the filter calls current_setting" + Function + " (at character 1 of the filter)"),
        ("getenv('HOME') IS NOT NULL", "the filter calls getenv" + Function + " (at character 1 of the filter)"),
        ("set_variable('x', 1) IS NULL", "the filter calls set_variable" + Function + " (at character 1 of the filter)"),
        ("getvariable('x') IS NULL", "the filter calls getvariable" + Function + " (at character 1 of the filter)"),
        ("error('boom') IS NULL", "the filter calls error" + Function + " (at character 1 of the filter)"),
        ("query('SELECT 1') IS NULL", "the filter calls query" + Function + " (at character 1 of the filter)"),

        // Lambdas, windows, aggregates, collations, parameters, anything else.
        ("list_filter([1, 2], x -> x > 1) = [2]", "the filter calls list_filter" + Function + " (at character 1 of the filter)"),
        ("lower(x -> x) = 'a'", "the filter holds a lambda (->), which a filter may not use (at character 9 of the filter)"),
        ("count_if(true) OVER () > 0", "the filter uses the window function count_if, which a filter may not use (at character 1 of the filter)"),
        ("row_number() OVER (ORDER BY id) = 1", "the filter uses the window function row_number, which a filter may not use (at character 1 of the filter)"),
        ("count(*) > 0", "the filter calls count_star" + Function + " (at character 1 of the filter)"),
        ("sum(id) > 0", "the filter calls sum" + Function + " (at character 1 of the filter)"),
        ("count(DISTINCT id) > 1", "the filter calls count" + Function + " (at character 1 of the filter)"),
        ("lower(country ORDER BY id) = 'fr'", "the filter calls lower with DISTINCT, FILTER, ORDER BY or EXPORT_STATE, which only aggregates take (at character 1 of the filter)"),
        ("country COLLATE nocase = 'fr'", "the filter uses COLLATE, which a filter may not use (at character 24 of the filter)"),
        ("$1 = 1", "the filter holds a query parameter ($n or ?): write the value itself (at character 4 of the filter)"),
        ("#1 = 1", "the filter holds a positional reference (#n): name the column (at character 1 of the filter)"),
        ("* = 1", "the filter holds * or COLUMNS(...), which a filter may not use (at character 1 of the filter)"),
        ("CAST(country AS \"myenum\") = 'x'", "the filter casts to myenum, which is not a plain type (at character 1 of the filter)"),
        ("country::VARCHAR[] IS NULL", "the filter casts to LIST, which is not a plain type (at character 8 of the filter)"),
        ("TRY(country) = 'x'", "the filter uses OPERATOR_TRY, which a filter may not use (at character 14 of the filter)"),
        ("country IN ('FR', email)", "the filter's IN list holds something other than constants (at character 19 of the filter)"),
        ("struct_pack(a := 1) IS NULL", "the filter calls struct_pack" + Function + " (at character 1 of the filter)"),
        ("[1][1] = 1", "the filter uses ARRAY_EXTRACT, which a filter may not use (at character 8 of the filter)"),
        (string.Concat(Enumerable.Repeat("NOT (", 300)) + "true" + new string(')', 300), "the filter is nested more than 256 levels deep (at character 1286 of the filter)"),
    ];

    private static string Subquery(string kind) => $"the filter holds a subquery ({kind}): a filter reads only the checked table's own columns";

    public static IEnumerable<object[]> Rows => All.Select(h => new object[] { h.Filter, h.Reason });
}
