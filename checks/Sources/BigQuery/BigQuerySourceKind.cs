using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>Registers the "bigquery" source type; its sources share one long-lived HttpClient.</summary>
public sealed partial class BigQuerySourceKind : ISourceKind
{
    private readonly Func<string, string?> _environment;
    private readonly BigQueryTuning _tuning;
    private readonly Lazy<HttpClient> _http = new(CreateHttpClient);

    // DuckDB's parser proves BigQuery filters' structure too; one for validation and every source of this kind.
    private readonly Lazy<FilterProof> _filters = new(() => new FilterProof(FilterDialect.BigQuery, new DuckDbParser()));

    public BigQuerySourceKind()
        : this(Environment.GetEnvironmentVariable, BigQueryTuning.Default)
    {
    }

    internal BigQuerySourceKind(Func<string, string?> environment, BigQueryTuning tuning)
    {
        _environment = environment;
        _tuning = tuning;
    }

    public string TypeName => "bigquery";

    public Type DefinitionType => typeof(BigQuerySourceDefinition);

    public IEnumerable<ConfigProblem> Validate(SourceDefinition source, string path)
    {
        var bigQuery = (BigQuerySourceDefinition)source;
        foreach (var (field, value) in new[] { ("project", bigQuery.Project), ("data_project", bigQuery.DataProject) })
        {
            if (value is not null && !ProjectId().IsMatch(value))
            {
                yield return new ConfigProblem(JsonPath.Property(path, field), $"\"{value}\" is not a Google Cloud project id", "project ids are 6 to 30 lowercase letters, digits and hyphens, starting with a letter, such as \"acme-analytics\"");
            }
        }

        if (bigQuery.Location is { } location && !LocationName().IsMatch(location))
        {
            yield return new ConfigProblem(JsonPath.Property(path, "location"), $"\"{location}\" is not a BigQuery location", "use a multi-region such as \"EU\" or \"US\", or a region such as \"europe-west1\"");
        }

        if (bigQuery.KeyFileEnv is { } variable && !EnvironmentNames.IsName(variable))
        {
            var secret = variable.Contains('/', StringComparison.Ordinal) || variable.Contains('{', StringComparison.Ordinal) || variable.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            yield return new ConfigProblem(
                JsonPath.Property(path, "key_file_env"),
                secret ? "key_file_env names an environment variable; the key file itself stays out of checks.json" : EnvironmentNames.NotAName,
                "set an environment variable to the key file's path and name the variable here, such as \"CUSTOMERDATA_BIGQUERY_KEY_FILE\"");
        }

        if (!ByteSize.TryParse(bigQuery.MaximumBytesBilled, out _))
        {
            yield return BytesProblem(JsonPath.Property(path, "maximum_bytes_billed"), bigQuery.MaximumBytesBilled);
        }

        foreach (var (key, value) in bigQuery.Labels)
        {
            var labelPath = JsonPath.Property(JsonPath.Property(path, "labels"), key);
            if (JobLabels.Reserved.Contains(key))
            {
                yield return new ConfigProblem(labelPath, $"the label \"{key}\" is set by the monitor", "choose another key, such as \"team\"");
            }
            else if (!JobLabels.IsValidKey(key) || !JobLabels.IsValidValue(value))
            {
                yield return new ConfigProblem(labelPath, $"invalid label \"{key}\": \"{value}\"", "label keys start with a lowercase letter; keys and values hold up to 63 lowercase letters, digits, _ and -");
            }
        }

        if (bigQuery.MaxConcurrentQueries is < 1 or > 100)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "max_concurrent_queries"), $"max_concurrent_queries is {bigQuery.MaxConcurrentQueries}", "use 1 to 100 (default 4)");
        }

        if (bigQuery.Endpoint is { } endpoint && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0))
        {
            yield return new ConfigProblem(JsonPath.Property(path, "endpoint"), $"\"{endpoint}\" is not an http(s) URL", "such as \"http://127.0.0.1:9050\" for an emulator; leave it out for BigQuery itself");
        }
    }

    public IEnumerable<ConfigProblem> ValidateCheck(CheckDefinition check, SourceDefinition source, string path)
    {
        foreach (var problem in Identifiers.Check(check.Table, JsonPath.Property(path, "table"), "table name"))
        {
            yield return problem;
        }

        if (Identifiers.IsValid(check.Table) && check.Table.Split('.').Length != 2)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "table"), $"a BigQuery table is \"dataset.table\", not \"{check.Table}\"", "name the project in the source (\"project\", or \"data_project\" when the data lives elsewhere)");
        }

        foreach (var problem in FilterRule.Check(check, path, _filters.Value))
        {
            yield return problem;
        }

        if (check.MaximumBytesBilled is { } cap && !ByteSize.TryParse(cap, out _))
        {
            yield return BytesProblem(JsonPath.Property(path, "maximum_bytes_billed"), cap);
        }
    }

    /// <summary>Every measure: scans in GoogleSQL, metadata from tables.get and INFORMATION_SCHEMA.PARTITIONS.</summary>
    public bool Supports(Measure measure, [NotNullWhen(false)] out Unsupported? reason)
    {
        reason = measure.Function is MeasureFunction.RowCount or MeasureFunction.NewestEpochMicros or MeasureFunction.Sum
            or MeasureFunction.MetadataRowCount or MeasureFunction.MetadataLastModifiedEpochMicros
            or MeasureFunction.Columns or MeasureFunction.QueryValue
            or MeasureFunction.CountWhere or MeasureFunction.DistinctCount or MeasureFunction.ApproxDistinctCount
            or MeasureFunction.BucketedRowCount
            ? null
            : new Unsupported("type", $"bigquery sources cannot compute {measure.Function}");
        return reason is null;
    }

    /// <summary>Tables, and queries that pass the lexical rules; BigQuery's dry run proves each a SELECT before it first runs.</summary>
    public bool Reads(Target target, [NotNullWhen(false)] out Unsupported? reason)
    {
        reason = target is QueryTarget query && QueryProof.Lexical(query.Sql) is { } refusal
            ? new Unsupported("query", refusal.ToString(), "a sql check's query is one GoogleSQL SELECT returning one row of numbers, written without \";\"")
            : null;
        return reason is null;
    }

    public bool SupportsSamples => true;

    public IDataSource Create(SourceDefinition source, SourceEnvironment environment)
    {
        var definition = (BigQuerySourceDefinition)source;
        var root = BigQueryEndpoint.Resolve(definition.Endpoint, _environment);
        IAccessTokenSource tokens = BigQueryEndpoint.CarriesCredentials(root) ? new GoogleAccessTokens(definition.KeyFileEnv, _environment) : NoAccessTokens.Instance;
        var client = new BigQueryClient(_http.Value, root, definition.Project, definition.Location, tokens, _tuning, environment.Time);
        return new BigQuerySource(definition, environment, client, tokens, _filters.Value);
    }

    private static ConfigProblem BytesProblem(string path, string value) =>
        new(path, $"invalid byte size \"{value}\"", "write a positive number of bytes with an optional unit: \"10GB\", \"500MiB\", \"1TB\"");

    // One client for the life of the process: connections are pooled, and recycled every few minutes so DNS changes are seen.
    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        // Each attempt has its own timeout in the retry pipeline.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    [GeneratedRegex("^([a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]\\z")]
    private static partial Regex ProjectId();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*\\z")]
    private static partial Regex LocationName();

}
