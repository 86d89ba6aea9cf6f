using System.Text;
using System.Text.RegularExpressions;

namespace CustomerData.Tests.BigQuery.Emulator;

/// <summary>
/// Maps the small GoogleSQL subset the BigQuery dialect emits onto DuckDB: `project.dataset.table` paths, backticked
/// columns, @named parameters, COUNTIF, UNIX_MICROS, IF, DIV (integer division), FARM_FINGERPRINT (as DuckDB's hash), TO_JSON_STRING(STRUCT()),
/// APPROX_COUNT_DISTINCT, REGEXP_CONTAINS, and INFORMATION_SCHEMA.PARTITIONS. String literals pass untouched.
/// </summary>
internal static partial class EmulatorSql
{
    /// <summary>The DuckDB text, and the tables the statement reads (dataset.table), or the dataset whose partitions it reads.</summary>
    public static (string Sql, List<string> Tables, string? PartitionsDataset) Translate(string sql, string project, Func<string, string> partitionsOf)
    {
        var output = new StringBuilder();
        var tables = new List<string>();
        string? partitions = null;
        var code = new StringBuilder();
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '\'')
            {
                output.Append(Functions(code.ToString()));
                code.Clear();
                var start = i++;
                while (i < sql.Length)
                {
                    if (sql[i] == '\\')
                    {
                        i += 2;
                        continue;
                    }

                    if (sql[i] == '\'')
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == '\'')
                        {
                            i += 2;
                            continue;
                        }

                        break;
                    }

                    i++;
                }

                output.Append(sql, start, Math.Min(i, sql.Length - 1) - start + 1);
            }
            else if (c == '`')
            {
                var end = sql.IndexOf('`', i + 1);
                var path = sql[(i + 1)..end].Split('.');
                i = end;
                if (path.Length == 1)
                {
                    code.Append('"').Append(path[0]).Append('"');
                    continue;
                }

                if (path[0] != project)
                {
                    throw new EmulatorException(404, "notFound", $"Not found: Project {path[0]}");
                }

                if (path.Length == 4 && path[2] == "INFORMATION_SCHEMA" && path[3] == "PARTITIONS")
                {
                    partitions = path[1];
                    code.Append('(').Append(partitionsOf(path[1])).Append(") AS partitions");
                }
                else
                {
                    tables.Add(path[1] + "." + path[2]);
                    code.Append('"').Append(path[1]).Append("\".\"").Append(path[2]).Append('"');
                }
            }
            else
            {
                code.Append(c);
            }
        }

        output.Append(Functions(code.ToString()));
        return (output.ToString(), tables, partitions);
    }

    /// <summary>
    /// What BigQuery's dry run reports as statementType: SCRIPT for several statements, otherwise the first keyword's
    /// statement (SELECT for SELECT and WITH; INSERT, UPDATE, DELETE, MERGE; CREATE_TABLE, DROP_TABLE...).
    /// </summary>
    public static string StatementType(string sql)
    {
        var code = WithoutStrings(sql).Trim().TrimEnd(';');
        if (code.Contains(';', StringComparison.Ordinal))
        {
            return "SCRIPT";
        }

        var words = code.TrimStart('(').Split([' ', '\n', '\t', '\r', '('], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant()).ToList();
        return words.FirstOrDefault() switch
        {
            "SELECT" or "WITH" => "SELECT",
            "CREATE" or "DROP" or "ALTER" => words[0] + "_" + (words.ElementAtOrDefault(1) ?? "TABLE"),
            var first => first ?? "SELECT",
        };
    }

    /// <summary>The statement with string literals blanked, to look for column names in.</summary>
    public static string WithoutStrings(string sql) => Literal().Replace(sql, "''");

    private static string Functions(string code)
    {
        code = CountIf().Replace(code, "count_if(");
        code = UnixMicros().Replace(code, "epoch_us(");
        code = If().Replace(code, "if(");
        code = FarmFingerprint().Replace(code, "hash(");
        code = Renamed().Replace(code, match => match.Groups[1].Value.ToUpperInvariant() switch
        {
            "TO_JSON_STRING" => "to_json(",
            "STRUCT" => "row(",
            "APPROX_COUNT_DISTINCT" => "approx_count_distinct(",
            "DIV" => "bq_div(",
            _ => "regexp_matches(",
        });
        return Parameter().Replace(code, "$$$1");
    }

    [GeneratedRegex("'(?:[^'\\\\]|''|\\\\.)*'")]
    private static partial Regex Literal();

    [GeneratedRegex("\\bCOUNTIF\\s*\\(", RegexOptions.IgnoreCase)]
    private static partial Regex CountIf();

    [GeneratedRegex("\\bUNIX_MICROS\\s*\\(", RegexOptions.IgnoreCase)]
    private static partial Regex UnixMicros();

    [GeneratedRegex("\\bIF\\s*\\(", RegexOptions.IgnoreCase)]
    private static partial Regex If();

    [GeneratedRegex("\\bFARM_FINGERPRINT\\s*\\(", RegexOptions.IgnoreCase)]
    private static partial Regex FarmFingerprint();
    // Uniqueness and validity: JSON text of a STRUCT key, HyperLogLog, RE2 search (both engines use RE2).
    [GeneratedRegex("\\b(TO_JSON_STRING|STRUCT|APPROX_COUNT_DISTINCT|REGEXP_CONTAINS|DIV)\\s*\\(", RegexOptions.IgnoreCase)]
    private static partial Regex Renamed();

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();
}

/// <summary>An error the emulator answers with, in BigQuery's error format.</summary>
internal sealed class EmulatorException(int status, string reason, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;
}
