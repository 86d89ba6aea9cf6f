using Amazon.DynamoDBv2;
using Amazon.Runtime;
using CustomerData.Checks.Sources.DynamoDb;

namespace CustomerData.Tests.DynamoDb;

/// <summary>Builds the source's client as production does, but with dummy credentials and every request through a <see cref="WireLog"/> (or a handler in front of one).</summary>
internal sealed class TestClients(HttpMessageHandler wire) : IDynamoDbClientFactory
{
    public IAmazonDynamoDB Create(DynamoDbSourceDefinition definition)
    {
        var config = DynamoDbClientFactory.Config(definition);
        config.HttpClientFactory = new WireHttpClients(wire);
        return new AmazonDynamoDBClient(Dynalite.Credentials, config);
    }

    private sealed class WireHttpClients(HttpMessageHandler wire) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(wire, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
