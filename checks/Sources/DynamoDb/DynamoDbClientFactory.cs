using Amazon.DynamoDBv2;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Clients with credentials from the standard AWS chain (environment, profile, web identity, container or instance role).</summary>
internal sealed class DynamoDbClientFactory : IDynamoDbClientFactory
{
    public IAmazonDynamoDB Create(DynamoDbSourceDefinition definition) => new AmazonDynamoDBClient(Config(definition));

    /// <summary>The client settings every source uses, whatever its credentials.</summary>
    public static AmazonDynamoDBConfig Config(DynamoDbSourceDefinition definition)
    {
        var config = new AmazonDynamoDBConfig
        {
            // Throttling is retried by ThrottleRetry, under the read budget and the check's cancellation;
            // SDK retries on top would multiply the attempts and hide them from the budget.
            MaxErrorRetry = 0,
        };
        if (definition.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = definition.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(definition.Region);
        }

        return config;
    }
}
