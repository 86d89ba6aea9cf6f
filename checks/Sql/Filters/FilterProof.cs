using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>
/// Proves a filter is one allowed boolean expression with DuckDB's own parser: <c>SELECT 1 FROM target WHERE
/// (filter)::BOOLEAN</c> must parse as exactly one SELECT of the placeholder table with nothing but that WHERE clause,
/// whose top node is the cast: "::" binds tighter than any operator, so the cast covers the whole text only when the
/// two parentheses around the filter match each other. They are the ones the query builder writes around every
/// filter, so a proven filter can neither close the aggregate it sits in nor reach past its parentheses (such as
/// "a) OR (b", which would otherwise escape the AND that joins it to a window). The cast's operand must then pass
/// <see cref="FilterWalker"/>. Verdicts are cached per filter text.
/// </summary>
internal sealed class FilterProof(FilterDialect dialect, DuckDbParser parser)
{
    internal const string Target = "__customerdata_filter_target";
    internal const string Prefix = "SELECT 1 FROM " + Target + " WHERE (";
    internal const string Suffix = ")::BOOLEAN";
    internal const int MaxLength = 10_000;

    private static readonly FrozenSet<string> SelectFields =
    [
        "type", "modifiers", "cte_map", "select_list", "from_table", "where_clause", "group_expressions", "group_sets",
        "aggregate_handling", "having", "sample", "qualify",
    ];

    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);

    internal FilterDialect Dialect => dialect;

    /// <summary>Null when the filter is proven; otherwise why not and where.</summary>
    public FilterRefusal? Check(string filter) => _verdicts.GetOrAdd(filter, text => new Verdict(Prove(text))).Refusal;

    /// <summary>The first refusal among a measurement's filters and validity conditions, or null when every one is proven.</summary>
    public FilterRefusal? Check(TableMeasurement measurement) =>
        Check(measurement.Measures.SelectMany(m => new[] { m.Scope.Filter, (m.Condition as InvalidValue)?.Rule is ConditionRule c ? c.Predicate : null }));

    /// <summary>The first refusal among these predicates (nulls skipped), or null when every one is proven.</summary>
    public FilterRefusal? Check(IEnumerable<string?> predicates) =>
        predicates.OfType<string>().Distinct(StringComparer.Ordinal).Select(Check).FirstOrDefault(refusal => refusal is not null);

    /// <summary>Throws <see cref="RefusedFilterException"/> unless every predicate a sample statement carries is proven.</summary>
    public void EnsureProven(SampleRequest sample)
    {
        if (Check(sample.Predicates()) is { } refusal)
        {
            throw new RefusedFilterException(refusal);
        }
    }

    /// <summary>Throws <see cref="RefusedFilterException"/> unless every filter of the measurement is proven.</summary>
    public void EnsureProven(TableMeasurement measurement)
    {
        if (Check(measurement) is { } refusal)
        {
            throw new RefusedFilterException(refusal);
        }
    }

    /// <summary>Null when RE2 compiles the pattern; otherwise RE2's reason, at the fragment it quotes when found.</summary>
    public FilterRefusal? CheckPattern(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (char.IsControl(pattern[i]))
            {
                return new FilterRefusal($"the pattern holds the control character U+{(int)pattern[i]:X4}: write it as an escape such as \\n", i);
            }
        }

        if (pattern.Length > MaxLength)
        {
            return new FilterRefusal($"the pattern is longer than {MaxLength:N0} characters");
        }

        if (parser.RegexError(pattern) is not { } error)
        {
            return null;
        }

        // RE2 names the part it stopped at after the last ": " ("missing ): (a", "invalid perl operator: (?=").
        var separator = error.LastIndexOf(": ", StringComparison.Ordinal);
        var at = separator < 0 ? -1 : pattern.IndexOf(error[(separator + 2)..], StringComparison.Ordinal);
        return new FilterRefusal("RE2, the regular expression engine of DuckDB and BigQuery, refuses the pattern: " + Sources.ShellText.Inline(error), at < 0 ? null : at);
    }

    private FilterRefusal? Prove(string filter)
    {
        if (Lexical(filter) is { } refused)
        {
            return refused;
        }

        var bytes = Encoding.UTF8.GetBytes(filter);
        int OffsetOf(long statementByte) =>
            Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Clamp(statementByte - Prefix.Length, 0, bytes.Length));
        try
        {
            using var tree = parser.Parse(Prefix + filter + Suffix);
            return Structure(tree.RootElement, OffsetOf);
        }
        catch (Exception error) when (error is KeyNotFoundException or InvalidOperationException or JsonException)
        {
            // json_serialize_sql's shape changed under us, or the tree is deeper than JSON may nest: refuse rather than guess.
            return new FilterRefusal("the filter's syntax tree has a shape this monitor does not recognise");
        }
        catch (DuckDB.NET.Data.DuckDBException error)
        {
            return new FilterRefusal("DuckDB's parser could not read the filter: " + FirstLine(error.Message));
        }
    }

    private FilterRefusal? Lexical(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return new FilterRefusal("the filter is empty");
        }

        if (filter.Length > MaxLength)
        {
            return new FilterRefusal($"the filter is longer than {MaxLength:N0} characters");
        }

        for (var i = 0; i < filter.Length; i++)
        {
            if (char.IsControl(filter[i]) && filter[i] is not ('\t' or '\n' or '\r'))
            {
                return new FilterRefusal($"the filter holds the control character U+{(int)filter[i]:X4}", i);
            }
        }

        foreach (var sequence in dialect.RefusedSequences)
        {
            var at = filter.IndexOf(sequence, StringComparison.Ordinal);
            if (at >= 0)
            {
                return new FilterRefusal(SequenceReason(sequence), at);
            }
        }

        return null;
    }

    private string SequenceReason(string sequence) => sequence switch
    {
        ";" => "the filter holds \";\", which ends a statement: a filter is one expression",
        "--" or "/*" or "*/" => $"the filter holds \"{sequence}\", a comment: a filter is one expression, without comments",
        "\\" => $"the filter holds a backslash, which {dialect.Name} reads as an escape in strings and DuckDB's parser does not",
        "#" => $"the filter holds \"#\", which starts a comment in {dialect.Name}",
        "`" => "the filter holds a backtick-quoted name: write plain column names",
        _ => $"the filter holds {sequence}, a triple-quoted string, which {dialect.Name} and DuckDB's parser read differently",
    };

    private FilterRefusal? Structure(JsonElement root, Func<long, int> offsetOf)
    {
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            int? at = root.TryGetProperty("position", out var p) && long.TryParse(p.GetString(), out var position) ? offsetOf(position) : null;
            var what = dialect == FilterDialect.DuckDb ? "the filter is not one DuckDB expression" : $"the filter does not parse with DuckDB's parser, which a {dialect.Name} filter must also pass";
            return new FilterRefusal($"{what}: {FirstLine(message)}", at);
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            return new FilterRefusal("the filter holds more than one statement");
        }

        var node = statements[0].GetProperty("node");
        var type = node.GetProperty("type").GetString();
        if (type != "SELECT_NODE")
        {
            return new FilterRefusal($"the filter turns the statement into a {FilterWalker.Printable(type)} (UNION, INTERSECT, ...): a filter is one expression");
        }

        if (Clauses(node) is { } clause)
        {
            return clause;
        }

        var where = node.GetProperty("where_clause");
        var enclosed = where.GetProperty("class").GetString() == "CAST" && !where.GetProperty("try_cast").GetBoolean()
            && where.GetProperty("cast_type").GetProperty("id").GetString() == "BOOLEAN"
            && where.GetProperty("cast_type").GetProperty("type_info").ValueKind == JsonValueKind.Null;
        return enclosed
            ? new FilterWalker(dialect, offsetOf).Walk(where.GetProperty("child"))
            : new FilterRefusal("the filter closes a parenthesis it did not open, so it is not one expression");
    }

    // Everything but the WHERE clause must be exactly what the harness wrote.
    private static FilterRefusal? Clauses(JsonElement node)
    {
        foreach (var field in node.EnumerateObject())
        {
            if (!SelectFields.Contains(field.Name))
            {
                return new FilterRefusal($"the filter adds \"{FilterWalker.Printable(field.Name)}\" to the statement, which this monitor does not recognise");
            }
        }

        var from = node.GetProperty("from_table");
        string? clause =
            node.GetProperty("cte_map").GetProperty("map").GetArrayLength() > 0 ? "a WITH clause"
            : node.GetProperty("modifiers").GetArrayLength() > 0 ? "ORDER BY, LIMIT or DISTINCT"
            : node.GetProperty("select_list").GetArrayLength() != 1 ? "select items"
            : from.GetProperty("type").GetString() != "BASE_TABLE" || from.GetProperty("table_name").GetString() != Target
                || from.GetProperty("schema_name").GetString() is not "" || from.GetProperty("catalog_name").GetString() is not ""
                || from.GetProperty("alias").GetString() is not "" || from.GetProperty("column_name_alias").GetArrayLength() > 0
                || from.GetProperty("sample").ValueKind != JsonValueKind.Null || from.GetProperty("at_clause").ValueKind != JsonValueKind.Null ? "a FROM clause"
            : node.GetProperty("group_expressions").GetArrayLength() > 0 || node.GetProperty("group_sets").GetArrayLength() > 0 ? "GROUP BY"
            : node.GetProperty("having").ValueKind != JsonValueKind.Null ? "HAVING"
            : node.GetProperty("qualify").ValueKind != JsonValueKind.Null ? "QUALIFY"
            : node.GetProperty("sample").ValueKind != JsonValueKind.Null ? "USING SAMPLE"
            : node.GetProperty("aggregate_handling").GetString() != "STANDARD_HANDLING" ? "GROUP BY ALL"
            : node.GetProperty("where_clause").ValueKind != JsonValueKind.Object ? "no condition"
            : null;
        return clause is null ? null : new FilterRefusal($"the filter adds {clause} to the statement: a filter is one expression");
    }

    private static string FirstLine(string message)
    {
        var line = Sources.ShellText.Inline(message.Split('\n')[0].Trim());
        return line.Length > 200 ? line[..200] + "..." : line;
    }

    private sealed record Verdict(FilterRefusal? Refusal);
}
