using System.ComponentModel;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>DynamoDB tables of one account and region, read within a budget of read capacity units.</summary>
public sealed record DynamoDbSourceDefinition : SourceDefinition
{
    public const int DefaultScanSegments = 4;

    [Description("The AWS region, such as \"eu-west-1\"; also the signing region with \"endpoint\".")]
    public required string Region { get; init; }

    [Description("The URL of a DynamoDB-compatible server, such as \"http://127.0.0.1:8000\" for a local one; default: the region's AWS endpoint. Credentials come from the standard AWS chain (environment, profile, web identity, container or instance role).")]
    public string? Endpoint { get; init; }

    [Description("Read capacity units per second this monitor may consume, shared by every check on this source; measured from DynamoDB's ConsumedCapacity.")]
    public required double MaxReadUnitsPerSecond { get; init; }

    [Description("Strongly consistent scans (twice the read units) instead of eventually consistent ones. Default: false. Global secondary indexes only read eventually consistently.")]
    public bool ConsistentRead { get; init; }

    [Description("How many parallel segments a scan is split into. Default: 4.")]
    public int ScanSegments { get; init; } = DefaultScanSegments;
}
