using System.Diagnostics.CodeAnalysis;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Registers the "dynamodb" source type.</summary>
public sealed class DynamoDbSourceKind : ISourceKind
{
    private const int MaxScanSegments = 64;
    private readonly IDynamoDbClientFactory _clients;

    public DynamoDbSourceKind()
        : this(new DynamoDbClientFactory())
    {
    }

    internal DynamoDbSourceKind(IDynamoDbClientFactory clients) => _clients = clients;

    public string TypeName => "dynamodb";

    public Type DefinitionType => typeof(DynamoDbSourceDefinition);

    public IEnumerable<ConfigProblem> Validate(SourceDefinition source, string path)
    {
        var dynamo = (DynamoDbSourceDefinition)source;
        if (!System.Text.RegularExpressions.Regex.IsMatch(dynamo.Region, "^[a-z]{2}(-[a-z]+)+-[0-9]+\\z"))
        {
            yield return new ConfigProblem(path + ".region", $"\"{dynamo.Region}\" is not an AWS region", "write a region name such as \"eu-west-1\"");
        }

        if (dynamo.Endpoint is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ConfigProblem(path + ".endpoint", $"\"{endpoint}\" is not an http or https URL", "write the server's URL, such as \"http://127.0.0.1:8000\", or remove endpoint to use AWS");
        }

        if (!(dynamo.MaxReadUnitsPerSecond > 0) || double.IsInfinity(dynamo.MaxReadUnitsPerSecond))
        {
            yield return new ConfigProblem(path + ".max_read_units_per_second", $"max_read_units_per_second is {dynamo.MaxReadUnitsPerSecond}", "give the read units per second the monitor may take from the tables, such as 50");
        }

        if (dynamo.ScanSegments is < 1 or > MaxScanSegments)
        {
            yield return new ConfigProblem(path + ".scan_segments", $"scan_segments is {dynamo.ScanSegments}", $"use 1 to {MaxScanSegments} parallel segments (default {DynamoDbSourceDefinition.DefaultScanSegments})");
        }
    }

    public IEnumerable<ConfigProblem> ValidateCheck(CheckDefinition check, SourceDefinition source, string path) =>
        DynamoDbCheckRules.Validate(check, path);

    public bool Supports(Measure measure, [NotNullWhen(false)] out Unsupported? reason)
    {
        reason = measure switch
        {
            { Scope.Filter: not null } => new Unsupported("filter", "DynamoDB checks take no SQL filter", "restrict by time with \"time_column\" and \"window\"; for freshness, read an index with \"index\" and \"partition_key_values\""),
            { Function: MeasureFunction.MetadataLastModifiedEpochMicros } => new Unsupported("mode", "DynamoDB table metadata has no last-modified time", "use \"mode\": \"scan\", or make it cheap with \"index\": a secondary index sorted by the time attribute"),
            { Function: MeasureFunction.MetadataRowCount, Scope.IsAll: false } => new Unsupported("window", "DescribeTable's ItemCount counts the whole table, not a window", "use \"mode\": \"scan\" for a window, or remove the window"),
            { Function: MeasureFunction.Columns, Scope.IsAll: true } => null,
            { Function: MeasureFunction.RowCount or MeasureFunction.NewestEpochMicros or MeasureFunction.Sum or MeasureFunction.MetadataRowCount } => null,
            { Function: MeasureFunction.DistinctCount or MeasureFunction.ApproxDistinctCount or MeasureFunction.CountWhere } => new Unsupported("type", "DynamoDB sources compute no uniqueness or validity: a budgeted scan counts items and NULLs, not distinct keys or values breaking a rule", "check them where the table is exported to a warehouse (BigQuery, DuckDB)"),
            _ => new Unsupported("type", $"dynamodb sources cannot compute {measure.Function}"),
        };
        return reason is null;
    }

    public SourceOptions? OptionsFor(CheckDefinition check) => DynamoDbOptions.For(check);

    public IDataSource Create(SourceDefinition source, SourceEnvironment environment) =>
        new DynamoDbSource((DynamoDbSourceDefinition)source, _clients, environment);
}
