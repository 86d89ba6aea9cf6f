using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>What a DynamoDB input says that a SQL warehouse works out itself.</summary>
/// <param name="TimeFormat">How the time attribute (the freshness column, the window's column) is stored.</param>
/// <param name="Index">A secondary index sorted by the time attribute that answers the newest item without a scan.</param>
/// <param name="Sample">Estimate from about this many items instead of all of them; null reads all.</param>
internal sealed record DynamoDbOptions(TimeFormat? TimeFormat, IndexLookup? Index, int? Sample) : SourceOptions
{
    public static DynamoDbOptions None { get; } = new(null, null, null);

    public TimeFormat Format => TimeFormat ?? Definitions.TimeFormat.Iso8601;

    public static DynamoDbOptions Of(Measure measure) => measure.Options as DynamoDbOptions ?? None;

    /// <summary>The options checks.json states for a check on a DynamoDB table.</summary>
    public static DynamoDbOptions? For(CheckDefinition check)
    {
        var index = check is FreshnessCheckDefinition { Index: { } name } freshness ? new IndexLookup(name, freshness.PartitionKeyValues ?? []) : null;
        var sample = (check as NullRateCheckDefinition)?.Sample;
        return check.TimeFormat is null && index is null && sample is null ? null : new DynamoDbOptions(check.TimeFormat, index, sample);
    }
}

/// <summary>A secondary index sorted by the time column, and the partition key values to ask it for the newest item.</summary>
internal sealed record IndexLookup(string Name, IReadOnlyList<string> PartitionKeyValues)
{
    // By value, so two checks naming the same index and values share one measure.
    public bool Equals(IndexLookup? other) =>
        other is not null && Name == other.Name && PartitionKeyValues.SequenceEqual(other.PartitionKeyValues);

    public override int GetHashCode() => PartitionKeyValues.Aggregate(Name.GetHashCode(StringComparison.Ordinal), (hash, value) => HashCode.Combine(hash, value.GetHashCode(StringComparison.Ordinal)));
}
