using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>
/// validate --remote for DynamoDB with control-plane calls only (DescribeTable, and ListTables for a missing table's
/// suggestions), which consume no read units: each table exists, each index exists and is sorted by the check's time
/// attribute, and key attributes are stored as time_format says. Attributes outside the key schema cannot be checked
/// without reading items, and nothing is read.
/// </summary>
internal sealed class DynamoDbRemoteValidator(IAmazonDynamoDB client, DynamoDbSourceDefinition definition, ThrottleRetry retry)
{
    private const int MaxListPages = 10;

    public async Task<IReadOnlyList<RemoteFinding>> ValidateAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken)
    {
        var findings = new List<RemoteFinding>();
        (bool Listed, IReadOnlyList<string> Names)? known = null;
        foreach (var table in checks.GroupBy(c => c.Check.Table, StringComparer.Ordinal))
        {
            TableDescription description;
            try
            {
                description = (await retry.RunAsync(ct => client.DescribeTableAsync(new DescribeTableRequest { TableName = table.Key }, ct), cancellationToken).ConfigureAwait(false)).Table;
            }
            catch (ResourceNotFoundException)
            {
                known ??= await ListTablesAsync(cancellationToken).ConfigureAwait(false);
                var hint = known.Value switch
                {
                    (false, _) => "check the table name, the region and the endpoint",
                    (true, []) => "there is no table at all there: check the region and the endpoint",
                    (true, var names) => Suggestions.Hint(table.Key, names),
                };
                findings.AddRange(table.Select(c => Error(JsonPath.Property(c.Path, "table"), $"table \"{table.Key}\" not found at {Where}", hint)));
                continue;
            }
            catch (Exception error) when (error is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                findings.AddRange(table.Select(c => Error(JsonPath.Property(c.Path, "table"), $"cannot describe table \"{table.Key}\" at {Where}: {error.Message}", "check the endpoint, the region and the credentials (the standard AWS chain)")));
                continue;
            }

            if (description.TableStatus is { } status && status != TableStatus.ACTIVE)
            {
                findings.Add(new RemoteFinding(new ConfigProblem(JsonPath.Property(table.First().Path, "table"), $"table \"{table.Key}\" is {status.Value}, not ACTIVE: reads may fail until it is", null), IsWarning: true));
            }

            foreach (var (_, path, planned) in table)
            {
                findings.AddRange(Check(path, planned?.Measures ?? [], description));
            }
        }

        return findings;
    }

    private string Where => definition.Endpoint ?? definition.Region;

    private static IEnumerable<RemoteFinding> Check(string path, IReadOnlyList<Measure> measures, TableDescription table)
    {
        // What to look for comes from the measures the check was planned into, never from its kind.
        foreach (var measure in measures)
        {
            var options = DynamoDbOptions.Of(measure);
            if (options.Index is { } lookup)
            {
                foreach (var finding in Index(path, lookup, measure.Column!, table))
                {
                    yield return finding;
                }
            }

            foreach (var column in new[] { measure.Function == MeasureFunction.NewestEpochMicros ? measure.Column : null, measure.Scope.Window?.Column })
            {
                var type = (table.AttributeDefinitions ?? []).FirstOrDefault(a => a.AttributeName == column)?.AttributeType?.Value;
                var expected = options.Format == TimeFormat.Iso8601 ? "S" : "N";
                if (type is not null && type != expected)
                {
                    var stored = type == "S" ? "a string (S)" : type == "N" ? "a number (N)" : $"of type {type}";
                    yield return Error(JsonPath.Property(path, "time_format"), $"\"{column}\" is a key attribute of {table.TableName} stored as {stored}, but \"time_format\" is \"{TimeValues.Name(options.Format)}\"", type == "S" ? "use \"time_format\": \"iso8601\"" : "use \"epoch_seconds\" or \"epoch_millis\"");
                }
            }
        }
    }

    private static IEnumerable<RemoteFinding> Index(string path, IndexLookup lookup, string column, TableDescription table)
    {
        var indexes = (table.GlobalSecondaryIndexes ?? []).Select(i => (i.IndexName, i.KeySchema))
            .Concat((table.LocalSecondaryIndexes ?? []).Select(i => (i.IndexName, i.KeySchema))).ToList();
        var found = indexes.FirstOrDefault(i => i.IndexName == lookup.Name);
        if (found.IndexName is null)
        {
            yield return Error(JsonPath.Property(path, "index"), $"table {table.TableName} has no index \"{lookup.Name}\"", indexes.Count == 0 ? "it has no secondary index: add one sorted by the time attribute, or remove \"index\" (the check then scans)" : Suggestions.Hint(lookup.Name, indexes.Select(i => i.IndexName)));
            yield break;
        }

        var sortKey = Key(found.KeySchema, KeyType.RANGE);
        if (sortKey != column)
        {
            yield return Error(JsonPath.Property(path, "index"), $"index \"{lookup.Name}\" of {table.TableName} sorts by {(sortKey is null ? "nothing" : $"\"{sortKey}\"")}, not by \"{column}\": it cannot give the newest item", "name an index whose sort key is the check's column");
        }

        var partitionKey = Key(found.KeySchema, KeyType.HASH);
        var keyType = (table.AttributeDefinitions ?? []).FirstOrDefault(a => a.AttributeName == partitionKey)?.AttributeType?.Value;
        var notNumbers = lookup.PartitionKeyValues.Where(v => !decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
        if (keyType == "N" && notNumbers.Count > 0)
        {
            yield return Error(JsonPath.Property(path, "partition_key_values"), $"the partition key \"{partitionKey}\" of index \"{lookup.Name}\" is a number, and {string.Join(", ", notNumbers.Select(v => $"\"{v}\""))} is not", "write the key values as numbers in strings, such as \"42\"");
        }
    }

    private async Task<(bool Listed, IReadOnlyList<string> Names)> ListTablesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? start = null;
        try
        {
            for (var page = 0; page < MaxListPages; page++)
            {
                var response = await retry.RunAsync(ct => client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, ct), cancellationToken).ConfigureAwait(false);
                names.AddRange(response.TableNames ?? []);
                if ((start = response.LastEvaluatedTableName) is null)
                {
                    break;
                }
            }
        }
        catch (AmazonServiceException)
        {
            // Suggestions only: a principal allowed DescribeTable but not ListTables still gets the error itself.
            return (false, []);
        }

        return (true, names);
    }

    private static string? Key(List<KeySchemaElement>? schema, KeyType type) =>
        (schema ?? []).FirstOrDefault(k => k.KeyType == type)?.AttributeName;

    private static RemoteFinding Error(string path, string message, string? hint) => new(new ConfigProblem(path, message, hint));
}
