using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>What a check on a DynamoDB table must say that a SQL warehouse can work out itself.</summary>
internal static class DynamoDbCheckRules
{
    private const string TimeFormats = "\"iso8601\", \"epoch_seconds\" or \"epoch_millis\"";

    public static IEnumerable<ConfigProblem> Validate(CheckDefinition check, string path)
    {
        // The name travels as a request field, never as text in a query, so DynamoDB's own rule is the only one.
        if (Name(check.Table, path + ".table", "table") is { } tableProblem)
        {
            yield return tableProblem;
        }

        var timeAttribute = check switch
        {
            FreshnessCheckDefinition freshness => freshness.Column,
            WindowedCheckDefinition { Window: not null } windowed => windowed.TimeColumn,
            _ => null,
        };
        if (timeAttribute is not null && check.TimeFormat is null)
        {
            yield return new ConfigProblem(path, $"\"time_format\" is required: DynamoDB has no timestamp type, so how \"{timeAttribute}\" is stored must be stated", $"add \"time_format\": {TimeFormats}");
        }

        if (timeAttribute is null && check.TimeFormat is not null)
        {
            yield return new ConfigProblem(path + ".time_format", "\"time_format\" has no effect without a time attribute", "remove it, or add \"time_column\" and \"window\"");
        }

        // What DynamoDB can measure at all is DynamoDbSourceKind.Supports; these are its own options' rules.
        var kindProblems = check switch
        {
            FreshnessCheckDefinition freshness => Freshness(freshness, path),
            NullRateCheckDefinition nullRate => NullRate(nullRate, path),
            _ => [],
        };
        foreach (var problem in kindProblems)
        {
            yield return problem;
        }
    }

    /// <summary>DynamoDB's rule for table and index names: 3 to 255 of letters, digits, _, - and . (no control character).</summary>
    private static ConfigProblem? Name(string name, string path, string what)
    {
        if (PrintableText.Check(name, path, $"DynamoDB {what} name") is { } hidden)
        {
            return hidden;
        }

        if (name.Length is < 3 or > 255)
        {
            return new ConfigProblem(path, $"DynamoDB {what} names have 3 to 255 characters, \"{name}\" has {name.Length}", $"write the {what}'s name as DynamoDB shows it");
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? null
            : new ConfigProblem(path, $"invalid DynamoDB {what} name \"{name}\"", $"DynamoDB {what} names use letters, digits, _, - and .");
    }

    private static IEnumerable<ConfigProblem> Freshness(FreshnessCheckDefinition check, string path)
    {
        if (check.Index is { } index && Name(index, path + ".index", "index") is { } indexProblem)
        {
            yield return indexProblem;
        }

        if (check.Index is not null && check.PartitionKeyValues is not { Count: > 0 })
        {
            yield return new ConfigProblem(path + ".index", "\"index\" needs \"partition_key_values\": a Query reads one partition", "list the index partition key values to query, such as [\"all\"] for a sparse index with a constant key");
        }

        if (check.Index is null && check.PartitionKeyValues is not null)
        {
            yield return new ConfigProblem(path + ".partition_key_values", "\"partition_key_values\" without \"index\" has no effect", "name the index whose sort key is the time attribute, or remove partition_key_values");
        }
    }

    private static IEnumerable<ConfigProblem> NullRate(NullRateCheckDefinition check, string path)
    {
        if (check.Sample is < 1)
        {
            yield return new ConfigProblem(path + ".sample", $"sample is {check.Sample}", "sample counts items: a few thousand keep the error near one percentage point");
        }
    }
}
