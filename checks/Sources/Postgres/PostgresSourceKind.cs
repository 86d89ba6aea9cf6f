using System.Diagnostics.CodeAnalysis;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;

namespace CustomerData.Checks.Sources.Postgres;

/// <summary>Registers the "postgres" source type: row counts, newest values, sums, distinct and conditional counts by scan,
/// columns from information_schema and proven queries, in read-only transactions.</summary>
public sealed partial class PostgresSourceKind : ISourceKind
{
    // Where PostgreSQL's lexer reads a query otherwise than DuckDB's parser, which proves it.
    private static readonly (string Sequence, string Why)[] ReadDifferently =
    [
        ("\\", "a backslash (an escape in E'...' strings)"),
        ("/*", "a block comment (PostgreSQL nests them)"),
        ("$", "\"$\" (a dollar quote or a parameter)"),
    ];

    private readonly Func<string, string?> _variables;

    // DuckDB's parser proves PostgreSQL filters (it began as PostgreSQL's); one for validation and every source of this kind.
    private readonly Lazy<FilterProof> _filters = new(() => new FilterProof(FilterDialect.Postgres, new DuckDbParser()));
    private readonly Lazy<QueryProof> _queries = new(() => new QueryProof(new DuckDbParser()));

    public PostgresSourceKind()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    internal PostgresSourceKind(Func<string, string?> variables) => _variables = variables;

    public string TypeName => "postgres";

    public Type DefinitionType => typeof(PostgresSourceDefinition);

    public IEnumerable<ConfigProblem> Validate(SourceDefinition source, string path)
    {
        var variable = ((PostgresSourceDefinition)source).ConnectionStringEnv;
        if (!EnvironmentNames.IsName(variable))
        {
            var secret = variable.Contains('=', StringComparison.Ordinal) || variable.Contains("://", StringComparison.Ordinal);
            yield return new ConfigProblem(
                JsonPath.Property(path, "connection_string_env"),
                secret
                    ? "a connection string is a secret and must not be written in checks.json"
                    : EnvironmentNames.NotAName,
                "put the connection string in an environment variable and name the variable here, such as \"CUSTOMERDATA_PG_WAREHOUSE\"");
        }
    }

    public IEnumerable<ConfigProblem> ValidateCheck(CheckDefinition check, SourceDefinition source, string path)
    {
        // The table enters SQL as quoted identifiers: schema.table, or a table of the user's current schema.
        var table = JsonPath.Property(path, "table");
        foreach (var problem in Identifiers.Check(check.Table, table, "table name"))
        {
            yield return problem;
        }

        if (Identifiers.IsValid(check.Table) && check.Table.Split('.').Length > 2)
        {
            yield return new ConfigProblem(
                table, $"a PostgreSQL table is \"schema.table\" or \"table\", not \"{check.Table}\"", "the database is the one of the connection string");
        }

        foreach (var problem in FilterRule.Check(check, path, _filters.Value))
        {
            yield return problem;
        }
    }

    public bool Supports(Measure measure, [NotNullWhen(false)] out Unsupported? reason)
    {
        // An allowlist: a measure added later is refused here until the dialect writes it.
        reason = measure.Function switch
        {
            MeasureFunction.CountWhere when measure.Condition is InvalidValue { Rule: PatternRule } => new Unsupported(
                "pattern",
                "postgres sources cannot check a pattern yet: PostgreSQL's regular expressions are POSIX, not RE2, "
                + "so a pattern validated for DuckDB and BigQuery could match other values there",
                "use \"accepted_values\", \"range\" or a \"condition\" such as \"email LIKE '%_@_%'\""),
            MeasureFunction.RowCount or MeasureFunction.NewestEpochMicros or MeasureFunction.Sum or MeasureFunction.Columns
                or MeasureFunction.QueryValue or MeasureFunction.CountWhere or MeasureFunction.DistinctCount
                or MeasureFunction.BucketedRowCount => null,
            MeasureFunction.ApproxDistinctCount => new Unsupported(
                "approximate",
                "postgres sources cannot estimate a distinct count: PostgreSQL has no HyperLogLog of its own",
                "remove \"approximate\": the exact count(DISTINCT ...) runs in the same statement"),
            MeasureFunction.MetadataRowCount or MeasureFunction.MetadataLastModifiedEpochMicros => new Unsupported(
                "mode",
                "postgres sources have no table metadata to answer from: PostgreSQL keeps no modification time, "
                + "and its row counts (pg_class.reltuples) are planner estimates",
                "use \"mode\": \"scan\" (the default), with a window on an indexed time column to keep it cheap"),
            _ => new Unsupported("type", $"postgres sources cannot compute {measure.Function}"),
        };
        return reason is null;
    }

    /// <summary>
    /// Tables, and queries DuckDB's parser proves one allowed SELECT (<see cref="QueryProof"/>) in text both parsers read
    /// alike: no backslash (an escape in PostgreSQL's E'...' strings), no block comment (PostgreSQL nests them) and no
    /// "$" (PostgreSQL's dollar quotes and parameters). The read-only transaction and statement_timeout hold as for tables.
    /// </summary>
    public bool Reads(Target target, [NotNullWhen(false)] out Unsupported? reason)
    {
        reason = target is QueryTarget query && (Lexical(query.Sql) ?? _queries.Value.Check(query.Sql)) is { } refusal
            ? new Unsupported("query", refusal.ToString(), QueryRule.Hint)
            : null;
        return reason is null;
    }

    public bool SupportsSamples => true;

    public IDataSource Create(SourceDefinition source, SourceEnvironment environment) =>
        new PostgresSource((PostgresSourceDefinition)source, environment, _filters.Value, _queries.Value, _variables);

    private static QueryRefusal? Lexical(string sql)
    {
        foreach (var (sequence, why) in ReadDifferently)
        {
            var at = sql.IndexOf(sequence, StringComparison.Ordinal);
            if (at >= 0)
            {
                return new QueryRefusal($"the query holds {why}, which PostgreSQL reads otherwise than DuckDB's parser", at);
            }
        }

        return null;
    }
}
