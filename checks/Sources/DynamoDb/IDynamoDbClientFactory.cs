using Amazon.DynamoDBv2;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Builds the one long-lived client a source keeps; tests swap it for dummy credentials and wire-level fault injection.</summary>
internal interface IDynamoDbClientFactory
{
    IAmazonDynamoDB Create(DynamoDbSourceDefinition definition);
}
