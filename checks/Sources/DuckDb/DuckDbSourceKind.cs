using System.Diagnostics.CodeAnalysis;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>Registers the "duckdb" source type.</summary>
public sealed class DuckDbSourceKind : ISourceKind
{
    // One parser for validation and every source of this kind, opened on first use.
    private readonly Lazy<FilterProof> _filters = new(() => new FilterProof(FilterDialect.DuckDb, new DuckDbParser()));
    private readonly Lazy<QueryProof> _queries = new(() => new QueryProof(new DuckDbParser()));

    public string TypeName => "duckdb";

    public Type DefinitionType => typeof(DuckDbSourceDefinition);

    public IEnumerable<ConfigProblem> Validate(SourceDefinition source, string path)
    {
        var duckDb = (DuckDbSourceDefinition)source;
        if (duckDb.Init.Count > 0 && duckDb.Path != DuckDbSourceDefinition.InMemory)
        {
            yield return new ConfigProblem(path + ".init", "\"init\" is only allowed with \"path\": \":memory:\"", "a database file is opened read-only; load it beforehand, or use an in-memory database");
        }

        if (duckDb.Demo && duckDb.Path == DuckDbSourceDefinition.InMemory)
        {
            yield return new ConfigProblem(path + ".demo", "the demo warehouse needs a file \"path\"", "set \"path\": \"data/demo.duckdb\"");
        }
    }

    public IEnumerable<ConfigProblem> ValidateCheck(CheckDefinition check, SourceDefinition source, string path)
    {
        // The table enters SQL as a quoted identifier, so only plain identifiers are allowed.
        foreach (var problem in Identifiers.Check(check.Table, path + ".table", "table name"))
        {
            yield return problem;
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
            MeasureFunction.RowCount or MeasureFunction.NewestEpochMicros or MeasureFunction.Sum or MeasureFunction.BucketedRowCount
                or MeasureFunction.Columns or MeasureFunction.QueryValue or MeasureFunction.CountWhere
                or MeasureFunction.DistinctCount or MeasureFunction.ApproxDistinctCount => null,
            MeasureFunction.MetadataRowCount or MeasureFunction.MetadataLastModifiedEpochMicros =>
                new Unsupported("mode", "duckdb sources have no table metadata to answer from", "use \"mode\": \"scan\" (the default): DuckDB scans are cheap"),
            _ => new Unsupported("type", $"duckdb sources cannot compute {measure.Function}"),
        };
        return reason is null;
    }

    /// <summary>Tables, and queries DuckDB's parser proves one allowed SELECT (<see cref="QueryProof"/>).</summary>
    public bool Reads(Target target, [NotNullWhen(false)] out Unsupported? reason)
    {
        reason = target is QueryTarget query && _queries.Value.Check(query.Sql) is { } refusal
            ? new Unsupported("query", refusal.ToString(), QueryRule.Hint)
            : null;
        return reason is null;
    }

    public bool SupportsSamples => true;

    public IDataSource Create(SourceDefinition source, SourceEnvironment environment) =>
        new DuckDbSource((DuckDbSourceDefinition)source, environment, _filters.Value, _queries.Value);
}
